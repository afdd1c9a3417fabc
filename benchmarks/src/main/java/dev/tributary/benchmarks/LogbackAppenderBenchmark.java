package dev.tributary.benchmarks;

import dev.tributary.testkit.InProcessKafka;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Logback shippers side by side, each into a real Kafka broker started in-process for the fork
 * (on this same machine): Tributary's appender, logback-kafka-appender 0.2.0-RC2 in its
 * blocking and async setups, kafka-clients' own send loop (the ceiling) and Logback's
 * AsyncAppender over a no-op appender (the floor). All Logback contestants encode with the
 * same JsonEncoder (see {@link LogShipper}).
 *
 * <ul>
 *   <li>{@code info1Thread}/{@code info4Threads}: what {@code logger.info} of a ~200-character
 *       message costs the calling thread (SampleTime: p50, p99). Buffers are drained between
 *       iterations, unmeasured, and Tributary's buffer is big enough never to drop.
 *   <li>{@code delivered}: sustained throughput counted where it matters, in Kafka: each call
 *       logs a burst of {@value #BURST} events and waits until they arrived (or arrivals
 *       stopped for a second). Read the {@code delivered} counter, in events/s.
 *   <li>{@code kafkaDown}: no broker at all; how long the calls take (printed per shipper).
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar LogbackAppenderBenchmark
 * }</pre>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider"})
public class LogbackAppenderBenchmark {
  static final int BURST = 50_000;

  /** A broker started for the fork, a topic, and one shipper pointed at it. */
  public abstract static class WithBroker {
    InProcessKafka kafka;
    TopicCounter arrivals;
    LogShipper ship;

    void start(String shipper) {
      kafka = InProcessKafka.builder().build();
      kafka.start();
      kafka.createTopic("logs", 1);
      arrivals = new TopicCounter(kafka.bootstrapServers(), "logs", 1);
      ship = LogShipper.create(shipper, kafka.bootstrapServers(), "logs");
    }

    /** Unmeasured: lets the backlog of a tight loop drain so heap and GC stay bounded. */
    @TearDown(Level.Iteration)
    public void drain() {
      ship.drain(arrivals);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ship.drain(arrivals);
      System.out.printf("%n%s; arrived in Kafka: %,d%n", ship.stats(), arrivals.arrived());
      ship.close();
      arrivals.close();
      kafka.close();
    }
  }

  /** For the per-call benchmarks. */
  @State(Scope.Benchmark)
  public static class CallCost extends WithBroker {
    @Param({"tributary", "lka-blocking", "lka-async", "kafka-loop", "async-noop"})
    public String shipper;

    @Setup(Level.Trial)
    public void setUp() {
      start(shipper);
    }
  }

  /** For the delivered-throughput benchmark; the floor delivers nothing, so it is left out. */
  @State(Scope.Benchmark)
  public static class Delivery extends WithBroker {
    @Param({"tributary", "lka-blocking", "lka-async", "kafka-loop"})
    public String shipper;

    @Setup(Level.Trial)
    public void setUp() {
      start(shipper);
    }
  }

  /** Events logged and events that arrived in Kafka, reported per second of measured time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Delivered {
    public long delivered;
    public long logged;

    @Setup(Level.Iteration)
    public void reset() {
      delivered = 0;
      logged = 0;
    }
  }

  /** One shipper pointed at a port where nothing listens. */
  @State(Scope.Benchmark)
  public static class KafkaDown {
    @Param({"tributary", "lka-async", "lka-blocking"})
    public String shipper;
    LogShipper ship;

    @Setup(Level.Trial)
    public void setUp() {
      ship = LogShipper.create(shipper, "127.0.0.1:" + InProcessKafka.freePort(), "logs");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ship.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  @Threads(1)
  public void info1Thread(CallCost s) {
    s.ship.log();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  @Threads(4)
  public void info4Threads(CallCost s) {
    s.ship.log();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1, time = 5)
  @Measurement(iterations = 3, time = 5)
  @Threads(1)
  public void delivered(Delivery s, Delivered d) {
    long before = s.arrivals.arrived();
    // A shipper that waits on every event would take minutes for a burst: cap it at 2 s.
    long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    int logged = 0;
    while (logged < BURST && ((logged & 255) != 0 || System.nanoTime() < stop)) {
      s.ship.log();
      logged++;
    }
    long after = s.arrivals.awaitArrivals(before + logged, 1_000, 30_000);
    d.logged += logged;
    d.delivered += after - before;
  }

  /**
   * 20,000 calls to warm up, then 200,000 measured, each capped at 15 s of wall time. The
   * summaries (printed) are the result; the score is only the wall time.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Threads(1)
  public void kafkaDown(KafkaDown s) throws InterruptedException {
    String cold = new StallCheck(s.ship, 20_000).run(15);
    System.out.printf("%nKafka down, %s, first calls: %s%n", s.shipper, cold);
    if (cold.contains("STILL BLOCKED")) {
      return; // the caller is stuck; a second round would only wait out the cap again
    }
    String warm = new StallCheck(s.ship, 200_000).run(15);
    System.out.printf("Kafka down, %s, then: %s%n", s.shipper, warm);
  }
}
