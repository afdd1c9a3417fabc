package dev.tributary;

import dev.tributary.spi.Diagnostics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A stand-in service for the held-memory test: a producer with the default buffer ships to a
 * closed port (argument: the port) and is offered ~450-byte log records, built on room as the
 * appenders do, until its buffer has been full for a while and the sender has tried its first
 * batch and holds it for a retry. It then prints {@code held=<bytes> buffer=<bytes>}: the heap
 * in use after a full collection, less the heap in use after the producer started.
 */
public final class HeldMemoryChild {
  private HeldMemoryChild() {}

  public static void main(String[] args) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:" + args[0])
        .diagnostics(Diagnostics.none()).jmxEnabled(false).micrometerEnabled(false).build();
    TributaryProducer producer = TributaryProducer.create(config);
    byte[] line = ("{\"@timestamp\":\"2026-12-02T21:17:29.741Z\",\"level\":\"INFO\","
        + "\"logger_name\":\"com.acme.checkout.CartService\",\"thread_name\":\"http-nio-8080-"
        + "exec-7\",\"message\":\"Added sku=SKU-48213 qty=2 to cart 5531 for customer c-77812 "
        + "(tier=gold, region=eu-west-1); pricing rules applied: volume-discount, loyalty-bonus;"
        + " inventory reserved at warehouse FRA-2\",\"host\":\"checkout-7f9c\"}")
        .getBytes(StandardCharsets.UTF_8);
    Function<Integer, TributaryRecord> build = i -> TributaryRecord.builder("app-logs")
        .value(line).header("level", "INFO").header("logger", "com.acme.checkout.CartService")
        .build();
    long before = heldAfterFullGc(memory);

    long fullSince = 0;
    for (int i = 0; ; i++) {
      if (!producer.offer(i, build) && fullSince == 0) {
        fullSince = System.nanoTime();
      }
      // Full for a while, and the first batch has failed and waits for its retry.
      if (fullSince != 0 && producer.metrics().retried() > 0
          && System.nanoTime() - fullSince > TimeUnit.SECONDS.toNanos(1)) {
        break;
      }
      if (i % 1000 == 0) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
      }
    }
    long held = heldAfterFullGc(memory) - before;
    System.out.println("held=" + held + " buffer=" + config.bufferBytes() + " buffered="
        + producer.metrics().bufferedBytes() + " dropped=" + producer.metrics().dropped()
        + " retried=" + producer.metrics().retried() + " before=" + before);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }

  /** Heap in use after a full collection, the least of three. */
  private static long heldAfterFullGc(MemoryMXBean memory) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
