package dev.tributary.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.tributary.ProducerMetrics;
import dev.tributary.logback.TributaryAppender;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How much heap the SDK holds while Kafka is unreachable: one thread logs the suite's ~200-byte
 * line through the Logback appender at a steady rate to a closed port on 127.0.0.1, and every
 * {@code every} seconds the heap in use after a full collection, minus the heap in use after
 * the appender started (before any logging), is printed as a multiple of {@code bufferSize}.
 * Run it in a JVM of its own with a fixed heap:
 *
 * <pre>{@code
 * java -Xms1g -Xmx1g -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar \
 *     dev.tributary.benchmarks.HeldMemoryCheck 180 20000 32MB 30
 * }</pre>
 *
 * <p>Arguments, all optional: seconds of logging (180), events per second (20,000), the
 * appender's {@code bufferSize} in MiB (32, its default), seconds between measurements (30),
 * and seconds for which a Kafka broker (started here, in its own JVM) is up before it stops
 * (0, the default: none, a closed port from the start). The last line says the largest ratio
 * seen; {@code -Dheld.histogram=true} prints the heap's largest classes after it. A measurement stops the world (a full GC): the logging thread
 * waits meanwhile and does not catch up afterwards.
 */
public final class HeldMemoryCheck {
  private HeldMemoryCheck() {}

  public static void main(String... args) throws Exception {
    // kafka-clients logs through SLF4J; here that would be Logback's console at DEBUG.
    System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 180;
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    long bufferMiB = args.length > 2 ? Long.parseLong(args[2]) : 32;
    long every = args.length > 3 ? Long.parseLong(args[3]) : 30;
    long upSeconds = args.length > 4 ? Long.parseLong(args[4]) : 0;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    BrokerProcess broker = null;
    String bootstrap = "127.0.0.1:" + closedPort();
    if (upSeconds > 0) {
      broker = new BrokerProcess();
      broker.start(java.util.Map.of());
      bootstrap = broker.bootstrap();
    }

    LoggerContext ctx = LogbackShipper.context();
    TributaryAppender appender = new TributaryAppender();
    appender.setContext(ctx);
    appender.setName("KAFKA");
    appender.setDestination("kafka://" + bootstrap);
    appender.setTopic("held-memory");
    appender.setJmx(false);
    appender.setBufferSize(bufferMiB + "MB"); // Logback's MB is 2^20 bytes
    appender.setCloseTimeout("1 second");
    String property = System.getProperty("held.producerProperty");
    if (property != null) {
      appender.addProducerProperty(property); // e.g. buffer.memory=4194304
    }
    appender.start();
    if (!appender.isStarted()) {
      throw new IllegalStateException("appender did not start: "
          + ctx.getStatusManager().getCopyOfStatusList());
    }
    Logger logger = ctx.getLogger(LogShipper.LOGGER);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
    long bufferBytes = bufferMiB << 20;

    long before = heldAfterFullGc(memory);
    System.out.printf("bufferSize %,d bytes; heap in use before logging %,d bytes; logging %,d "
        + "events/s for %d s to %s%n", bufferBytes, before, perSecond, seconds,
        broker == null ? "a closed port" : "a broker that stops after " + upSeconds + " s");
    long brokerStops = System.nanoTime() + TimeUnit.SECONDS.toNanos(upSeconds);
    double worst = 0;
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long start = System.nanoTime();
    long next = start;
    long nextMeasure = start + TimeUnit.SECONDS.toNanos(every);
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long logged = 0;
    while (true) {
      long now = System.nanoTime();
      if (broker != null && now >= brokerStops) {
        broker.close();
        broker = null;
        System.out.printf("t=%3d s broker stopped%n", TimeUnit.NANOSECONDS.toSeconds(now - start));
        next = System.nanoTime();
        continue;
      }
      if (now >= nextMeasure || now >= end) {
        long held = heldAfterFullGc(memory) - before;
        double ratio = (double) held / bufferBytes;
        worst = Math.max(worst, ratio);
        ProducerMetrics m = appender.metrics();
        System.out.printf("t=%3d s logged=%,d buffered=%,d dropped=%,d held=%,d bytes = %.3f x "
            + "bufferSize%n", TimeUnit.NANOSECONDS.toSeconds(now - start), logged,
            m.bufferedBytes(), m.dropped(), held, ratio);
        nextMeasure = System.nanoTime() + TimeUnit.SECONDS.toNanos(every);
        next = System.nanoTime();
        if (now >= end) {
          break;
        }
      }
      if (now < next) {
        LockSupport.parkNanos(next - now);
        continue;
      }
      logger.info(LogShipper.MESSAGE, "SKU-48213", 2);
      logged++;
      next += interval;
    }
    System.out.printf("largest held/bufferSize: %.3f%n", worst);
    if (Boolean.getBoolean("held.histogram")) {
      // What the heap holds, by class (jcmd GC.class_histogram), for finding where it goes.
      Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
          "gcClassHistogram", new Object[] {new String[0]},
          new String[] {String[].class.getName()});
      histogram.toString().lines().limit(40).forEach(System.out::println);
    }
    appender.stop();
  }

  /** Heap in use after a full collection, the lowest of three (a GC may run meanwhile). */
  static long heldAfterFullGc(MemoryMXBean memory) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /** A port on 127.0.0.1 nothing listens on: bound, then closed. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
