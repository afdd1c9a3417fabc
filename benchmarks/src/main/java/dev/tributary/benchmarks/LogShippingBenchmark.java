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
 * Log shippers side by side, each fork with a real Kafka broker started in-process (on this
 * same machine) and one contestant ({@link LogShipper#create}) logging the same ~200-character
 * line, JSON-encoded by Tributary's encoder or layout: Tributary's Logback and Log4j2 appenders;
 * logback-kafka-appender 0.2.0-RC2 blocking and async; Log4j2's own KafkaAppender with
 * {@code syncSend} true and false, the latter also behind async loggers; kafka-clients' own send
 * loop (the ceiling); Logback's AsyncAppender over a no-op appender (the floor).
 *
 * <ul>
 *   <li>{@code cost1Thread}/{@code cost4Threads}: what one call costs the application thread
 *       (SampleTime: p50, p99). Backlogs drain between iterations, unmeasured; Tributary's
 *       buffer is big enough never to drop, so the figure is the cost of shipping.
 *   <li>{@code delivered}: throughput counted where it matters, in Kafka (end offsets): each call
 *       logs a burst of up to {@value #BURST} events (or for {@value #BURST_MILLIS} ms, for
 *       shippers that wait per event) and waits until they arrived or arrivals stopped. The
 *       secondary results {@code logged}, {@code delivered} and {@code lost} are events/s.
 *   <li>{@code paced}: one thread logging at a steady {@value #PACED_PER_SECOND} events/s with
 *       the broker up, each call timed: the per-call cost a service meets when the machine is
 *       not saturated by the logging itself (see {@link PacedCheck}).
 *   <li>{@code kafkaDown}: no broker listening. 20,000 calls, then 200,000 more, each round
 *       capped at {@value #DOWN_CAP_SECONDS} s; then a stop with a {@value #STOP_SECONDS} s
 *       timeout, waited for at most {@value #DOWN_CAP_SECONDS} s. The secondary results
 *       ({@link Down}) are the outcome; the score is only wall time.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar LogShippingBenchmark -rf json
 * java -jar benchmarks/target/benchmarks.jar LogShippingBenchmark.cost1Thread \
 *     -p contestant=tributary-logback,lka-async
 * }</pre>
 */
// jmh.shutdownTimeout: a peer whose stop did not return leaves non-daemon threads behind; the
// fork is ended after 5 s instead of JMH's default 30 s (its results are in by then).
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dlog4j2.statusLoggerLevel=ERROR",
    "-Djmh.shutdownTimeout=5"})
public class LogShippingBenchmark {
  static final int BURST = 50_000;
  static final long BURST_MILLIS = 2_000;
  static final long DOWN_CAP_SECONDS = 10;
  static final long STOP_SECONDS = 5;
  /** The steady rate of {@code paced}: a busy service's logging, not a saturating loop. */
  static final int PACED_PER_SECOND = 20_000;
  static final int PACED_CALLS = 100_000;

  /** A broker started for the fork, a topic, and one contestant pointed at it. */
  public abstract static class WithBroker {
    InProcessKafka kafka;
    TopicCounter arrivals;
    LogShipper ship;

    void start(String contestant) {
      kafka = InProcessKafka.builder().build();
      kafka.start();
      kafka.createTopic("logs", 1);
      arrivals = new TopicCounter(kafka.bootstrapServers(), "logs", 1);
      ship = LogShipper.create(contestant, kafka.bootstrapServers(), "logs");
    }

    /** Unmeasured: lets the backlog of a tight loop drain so heap and GC stay bounded. */
    @TearDown(Level.Iteration)
    public void drain() {
      ship.drain(arrivals);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ship.drain(arrivals);
      String stats = ship.stats();
      System.out.printf("%n%s; arrived in Kafka: %,d; %s%n", stats, arrivals.arrived(),
          ship.stopWithin(STOP_SECONDS, DOWN_CAP_SECONDS));
      arrivals.close();
      kafka.close();
    }
  }

  /** Every contestant, for the per-call benchmarks. */
  @State(Scope.Benchmark)
  public static class CallCost extends WithBroker {
    @Param({"tributary-logback", "tributary-log4j2", "lka-blocking", "lka-async",
        "log4j2-kafka-sync", "log4j2-kafka-nosync", "log4j2-kafka-nosync-async",
        "kafka-clients-loop", "floor-async-noop"})
    public String contestant;

    @Setup(Level.Trial)
    public void setUp() {
      start(contestant);
    }
  }

  /**
   * For the paced per-call check: the contestants that do not wait on the broker per call (a
   * blocking one cannot keep a steady pace; its tight-loop cost says what it costs).
   */
  @State(Scope.Benchmark)
  public static class Paced extends WithBroker {
    @Param({"tributary-logback", "tributary-log4j2", "lka-async", "log4j2-kafka-nosync",
        "log4j2-kafka-nosync-async", "kafka-clients-loop", "floor-async-noop"})
    public String contestant;

    @Setup(Level.Trial)
    public void setUp() {
      start(contestant);
    }
  }

  /** The paced outcome, as JMH secondary results (raw values, not rates). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PacedCalls {
    public long calls;
    public long p50Nanos;
    public long p99Nanos;
    public long p999Nanos;
    public long maxNanos;
    public long callsOver1ms;
  }

  /** For the delivered-throughput benchmark; the floor delivers nothing, so it is left out. */
  @State(Scope.Benchmark)
  public static class Delivery extends WithBroker {
    @Param({"tributary-logback", "tributary-log4j2", "lka-blocking", "lka-async",
        "log4j2-kafka-sync", "log4j2-kafka-nosync", "log4j2-kafka-nosync-async",
        "kafka-clients-loop"})
    public String contestant;

    @Setup(Level.Trial)
    public void setUp() {
      start(contestant);
    }
  }

  /** Events logged, delivered (arrived in Kafka) and lost, per second of measured time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Delivered {
    public long delivered;
    public long logged;
    public long lost;

    @Setup(Level.Iteration)
    public void reset() {
      delivered = 0;
      logged = 0;
      lost = 0;
    }
  }

  /** Tributary and the peers that ship to Kafka, pointed at a port where nothing listens. */
  @State(Scope.Benchmark)
  public static class KafkaDown {
    @Param({"tributary-logback", "tributary-log4j2", "lka-blocking", "lka-async",
        "log4j2-kafka-sync", "log4j2-kafka-nosync", "log4j2-kafka-nosync-async",
        "floor-async-noop"})
    public String contestant;
    LogShipper ship;

    @Setup(Level.Trial)
    public void setUp() {
      // Tributary as configured by default (32 MiB buffer): what a user meets during an
      // outage. The floor never talks to Kafka: it shows what the JVM alone costs (GC
      // pauses, scheduling) in the same harness.
      ship = LogShipper.create(contestant, "127.0.0.1:" + InProcessKafka.freePort(), "logs",
          true);
    }
  }

  /**
   * The Kafka-down outcome, recorded as JMH secondary results (raw values, not rates): calls
   * made and calls over 1 ms of the 220,000 attempted, the worst call in microseconds (a call
   * still blocked at the cap counts for as long as it had waited), the warm round's p99 in
   * nanoseconds, whether a call was still blocked at the cap (1/0), and whether the stop
   * returned within the cap (1/0) and after how many milliseconds.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Down {
    public long callsCompleted;
    public long callsOver1ms;
    public long maxCallMicros;
    public long p99CallNanos;
    public long stillBlocked;
    public long stopReturned;
    public long stopMillis;
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 1)
  @Threads(1)
  public void cost1Thread(CallCost s) {
    s.ship.log();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 1)
  @Threads(4)
  public void cost4Threads(CallCost s) {
    s.ship.log();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 1, time = 2)
  @Measurement(iterations = 3, time = 2)
  @Threads(1)
  public void delivered(Delivery s, Delivered d) {
    long before = s.arrivals.arrived();
    long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BURST_MILLIS);
    int logged = 0;
    while (logged < BURST && ((logged & 63) != 0 || System.nanoTime() < stopAt)) {
      s.ship.log();
      logged++;
    }
    // lka-async lingers up to 1 s before it sends: wait longer than that for stragglers.
    long after = s.arrivals.awaitArrivals(before + logged, 1_500, 30_000);
    d.logged += logged;
    d.delivered += after - before;
    d.lost += Math.max(0, before + logged - after);
  }

  /**
   * One thread logging at {@value #PACED_PER_SECOND} events/s with the broker up: a warm-up
   * round, then {@value #PACED_CALLS} calls timed one by one. The secondary results
   * ({@link PacedCalls}) are the figures; the score is only wall time.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Threads(1)
  public void paced(Paced s, PacedCalls d) {
    PacedCheck.run(s.ship, 2 * PACED_PER_SECOND, PACED_PER_SECOND, 10);
    PacedCheck.Result r = PacedCheck.run(s.ship, PACED_CALLS, PACED_PER_SECOND, 20);
    System.out.printf("%nPaced, %s: %s; %s%n", s.contestant, r, s.ship.stats());
    d.calls = r.calls();
    d.p50Nanos = r.p50Nanos();
    d.p99Nanos = r.p99Nanos();
    d.p999Nanos = r.p999Nanos();
    d.maxNanos = r.maxNanos();
    d.callsOver1ms = r.over1ms();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Threads(1)
  public void kafkaDown(KafkaDown s, Down d) throws InterruptedException {
    StallCheck.Result cold = new StallCheck(s.ship, 20_000).run(DOWN_CAP_SECONDS);
    System.out.printf("%nKafka down, %s, first calls: %s%n", s.contestant, cold);
    StallCheck.Result last = cold;
    if (!cold.blocked()) {
      // A blocked caller would only wait out the cap again.
      last = new StallCheck(s.ship, 200_000).run(DOWN_CAP_SECONDS);
      System.out.printf("Kafka down, %s, then: %s%n", s.contestant, last);
    }
    // Counters before the stop: a stopped Log4j2 context no longer knows its appender.
    String stats = s.ship.stats();
    LogShipper.Stop stop = s.ship.stopWithin(STOP_SECONDS, DOWN_CAP_SECONDS);
    System.out.printf("Kafka down, %s, %s; %s%n", s.contestant, stop, stats);
    boolean warm = last != cold;
    d.callsCompleted = cold.completed() + (warm ? last.completed() : 0);
    d.callsOver1ms = cold.over1ms() + (warm ? last.over1ms() : 0);
    d.maxCallMicros = Math.max(cold.worstNanos(), last.worstNanos()) / 1_000;
    d.p99CallNanos = last.p99Nanos();
    d.stillBlocked = last.blocked() ? 1 : 0;
    d.stopReturned = stop.returned() ? 1 : 0;
    d.stopMillis = stop.millis();
  }
}
