package dev.tributary;

import dev.tributary.spi.Diagnostics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in service for {@link SpoolCheckpointIT}: logs numbered records through a producer
 * with a durable spool to a broker that is up, waits until every one is acknowledged, prints
 * {@code acked=N}, lives on a few seconds as a service would, prints {@code alive} and waits
 * to be killed. Arguments: spool directory, bootstrap servers, record count.
 */
public final class SpoolAckChild {
  private SpoolAckChild() {}

  public static void main(String[] args) {
    int count = Integer.parseInt(args[2]);
    TributaryProducer producer = TributaryProducer.create(
        TributaryConfig.builder("kafka://" + args[1])
            .diagnostics(Diagnostics.none())
            .jmxEnabled(false)
            .spoolDir(Path.of(args[0]))
            .build());
    for (int i = 0; i < count; i++) {
      producer.offer(TributaryRecord.of("acked", ByteBuffer.allocate(4).putInt(i).array()));
    }
    DeliveryReport report = producer.flush(Duration.ofSeconds(90));
    System.out.println((report.complete() ? "acked=" : "incomplete=") + report.sent());
    System.out.flush();
    // The service goes on for a few seconds, as in production, before it is killed.
    LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
    System.out.println("alive");
    System.out.flush();
    while (true) {
      LockSupport.park();
    }
  }
}
