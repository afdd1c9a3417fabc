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
 * Log4j2 shippers side by side, each into a real Kafka broker started in-process for the fork
 * (on this same machine): Tributary's {@code <Tributary>} appender and Log4j2's own
 * KafkaAppender ({@code syncSend=true}, its default, and {@code false}), each with ordinary
 * and with asynchronous loggers. Same workload as {@link LogbackAppenderBenchmark}: the same
 * ~200-character message, encoded by the same JSON layout for every contestant.
 *
 * <ul>
 *   <li>{@code info1Thread}/{@code info4Threads}: what {@code logger.info} costs the calling
 *       thread (SampleTime: p50, p99). Buffers drain between iterations, unmeasured (bounded
 *       for a syncSend backlog behind async loggers); Tributary's buffer never drops. Warm-up
 *       and measurement are kept short so the whole class runs in about ten minutes.
 *   <li>{@code delivered}: sustained throughput counted in Kafka: each call logs a burst of up
 *       to {@value #BURST} events (or for {@value #BURST_MILLIS} ms, for shippers that take a
 *       round trip per event) and waits until they arrived or arrivals stopped for a second.
 *       Read the {@code delivered} counter, in events/s.
 *   <li>{@code kafkaDown}: no broker at all: how long the calls take, and whether stopping the
 *       logger context with a timeout returns by it (printed per shipper).
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar Log4j2AppenderBenchmark
 * }</pre>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dlog4j2.statusLoggerLevel=ERROR"})
public class Log4j2AppenderBenchmark {
  static final int BURST = 50_000;
  static final long BURST_MILLIS = 3_000;

  /** A broker started for the fork, a topic, and one shipper pointed at it. */
  public abstract static class WithBroker {
    InProcessKafka kafka;
    TopicCounter arrivals;
    Log4j2Shipper ship;

    void start(String shipper) {
      kafka = InProcessKafka.builder().build();
      kafka.start();
      kafka.createTopic("logs", 1);
      arrivals = new TopicCounter(kafka.bootstrapServers(), "logs", 1);
      ship = Log4j2Shipper.create(shipper, kafka.bootstrapServers(), "logs");
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

  /** For the per-call and delivered benchmarks. */
  @State(Scope.Benchmark)
  public static class Shipping extends WithBroker {
    @Param({"tributary", "tributary-async", "kafka-sync", "kafka-sync-async", "kafka-nosync",
        "kafka-nosync-async"})
    public String shipper;

    @Setup(Level.Trial)
    public void setUp() {
      start(shipper);
    }
  }

  /**
   * For the 4-thread per-call benchmark: the syncSend=true setups are left out, since a call
   * costs them a broker round trip (milliseconds) with one thread already, and the run must
   * stay near ten minutes.
   */
  @State(Scope.Benchmark)
  public static class Shipping4 extends WithBroker {
    @Param({"tributary", "tributary-async", "kafka-nosync", "kafka-nosync-async"})
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
    @Param({"tributary", "tributary-async", "kafka-nosync", "kafka-sync"})
    public String shipper;
    Log4j2Shipper ship;

    @Setup(Level.Trial)
    public void setUp() {
      ship = Log4j2Shipper.create(shipper, "127.0.0.1:" + InProcessKafka.freePort(), "logs");
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 2)
  @Threads(1)
  public void info1Thread(Shipping s) {
    s.ship.log();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 2)
  @Threads(4)
  public void info4Threads(Shipping4 s) {
    s.ship.log();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1, time = 3)
  @Measurement(iterations = 2, time = 4)
  @Threads(1)
  public void delivered(Shipping s, Delivered d) {
    long before = s.arrivals.arrived();
    long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BURST_MILLIS);
    int n = 0;
    while (n < BURST && (n % 64 != 0 || System.nanoTime() < stopAt)) {
      s.ship.log();
      n++;
    }
    long after = s.arrivals.awaitArrivals(before + n, 1_000, 30_000);
    d.logged += n;
    d.delivered += after - before;
  }

  /**
   * 20,000 calls to warm up, then 200,000 measured, each round capped at 10 s of wall time;
   * then the logger context is stopped with a 5 s timeout, waiting at most 15 s. The printed
   * summaries are the result; the score is only the wall time.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Threads(1)
  public void kafkaDown(KafkaDown s) throws InterruptedException {
    String cold = new StallCheck(s.ship, 20_000).run(10);
    System.out.printf("%nKafka down, %s, first calls: %s%n", s.shipper, cold);
    if (!cold.contains("STILL BLOCKED")) {
      String warm = new StallCheck(s.ship, 200_000).run(10);
      System.out.printf("Kafka down, %s, then: %s%n", s.shipper, warm);
    }
    System.out.printf("Kafka down, %s, %s; %s%n", s.shipper, s.ship.stopWithin(5, 15),
        s.ship.stats());
  }
}
