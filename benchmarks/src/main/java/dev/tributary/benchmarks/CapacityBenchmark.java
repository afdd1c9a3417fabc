package dev.tributary.benchmarks;

import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How much each contestant gets into Kafka when application threads log as fast as they can
 * ({@link TightLoop}), and what each call costs them meanwhile. The broker runs in its own JVM
 * ({@link Target}); every contestant logs the same ~200-byte line; delivered events are counted
 * in the topic.
 *
 * <ul>
 *   <li>{@code lossless}: lossless capacity. Tributary with overflow {@code BLOCK} (its default
 *       32 MiB buffer), with its own producer defaults ({@code tributary-*}) and with the peers'
 *       settings ({@code tributary-*-peer}: acks=1, linger 5 ms, 64 KiB batches, no
 *       compression); the peers with those settings, each of which blocks its caller when its
 *       buffers are full; two kafka-clients send loops with those settings as ceilings, one on
 *       bytes encoded once ({@link KafkaClientsLoop}), one building and encoding each event
 *       ({@link KafkaClientsEncodeLoop}); the floor (Logback's AsyncAppender over a no-op
 *       appender), for the per-call figures. 1 and 4 logging threads.
 *   <li>{@code overload}: Tributary as a user has it, default buffer and overflow policy (a full
 *       buffer drops, counted): what it delivers, and loses, when the logging outruns Kafka.
 *   <li>{@code paired}: the two side by side, for the ratio of overload to lossless capacity. One
 *       iteration is a lossless round and an overload round of the same contestant in the same
 *       fork (each with its own appender and topic), in alternating order; the ratio is taken
 *       per pair. A machine whose load drifts over minutes (other work, a busy neighbour)
 *       moves both rounds of a pair alike, so the ratio's interval is much narrower than that
 *       of two figures from trials minutes apart.
 * </ul>
 *
 * <p>One JMH iteration is one round of {@code roundSeconds} of logging followed by a drain, so
 * each round starts empty and its losses are exact. The secondary results ({@link Round}) are
 * the figures, one value per round; the report takes their mean and 99.9 % confidence interval
 * over the rounds. The JMH score is only the round's wall time.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.tributary.benchmarks.Suite CapacityBenchmark
 * java -jar benchmarks/target/benchmarks.jar CapacityBenchmark.lossless \
 *     -p contestant=tributary-logback,kafka-clients-loop -p threads=4
 * }</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 10)
// jmh.shutdownTimeout: a peer whose stop did not return leaves non-daemon threads behind; the
// fork is ended after 5 s instead of JMH's default 30 s (its results are in by then).
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dlog4j2.statusLoggerLevel=ERROR",
    "-Djmh.shutdownTimeout=5"})
public class CapacityBenchmark {

  /** Lossless contestants: Tributary under {@code BLOCK}, the peers, the floor. */
  @State(Scope.Benchmark)
  public static class Lossless extends ShipperTrial {
    @Param({"tributary-logback", "tributary-logback-peer", "tributary-log4j2",
        "tributary-log4j2-peer", "kafka-clients-loop", "kafka-clients-encode-loop", "lka",
        "log4j2-kafka", "log4j2-kafka-async", "floor-async-noop"})
    public String contestant;
    @Param({"1", "4"})
    public int threads;
    @Param({"2"})
    public int roundSeconds;

    @Setup(Level.Trial)
    public void setUp() {
      start(contestant, LogShipper.Buffering.BLOCK);
    }
  }

  /** Tributary with its default buffer and overflow policy. */
  @State(Scope.Benchmark)
  public static class Overload extends ShipperTrial {
    @Param({"tributary-logback", "tributary-logback-peer", "tributary-log4j2",
        "tributary-log4j2-peer"})
    public String contestant;
    @Param({"1", "4"})
    public int threads;
    @Param({"2"})
    public int roundSeconds;

    @Setup(Level.Trial)
    public void setUp() {
      start(contestant, LogShipper.Buffering.DEFAULTS);
    }
  }

  /** Tributary under {@code BLOCK} and with its defaults, in one fork, round after round. */
  @State(Scope.Benchmark)
  public static class Paired {
    @Param({"tributary-logback", "tributary-log4j2"})
    public String contestant;
    @Param({"1", "4"})
    public int threads;
    @Param({"2"})
    public int roundSeconds;
    ShipperTrial.Side lossless;
    ShipperTrial.Side overload;
    private Target target;
    private int pairs;

    @Setup(Level.Trial)
    public void setUp() {
      target = Target.open();
      lossless = new ShipperTrial.Side();
      lossless.start(target, contestant, LogShipper.Buffering.BLOCK);
      overload = new ShipperTrial.Side();
      overload.start(target, contestant, LogShipper.Buffering.DEFAULTS);
    }

    /** Whether this pair runs its lossless round first; the order alternates. */
    boolean losslessFirst() {
      return pairs++ % 2 == 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        lossless.finish();
      } finally {
        try {
          overload.finish();
        } finally {
          target.close();
        }
      }
    }
  }

  /**
   * One pair's figures: delivered events/s of its lossless and its overload round, their ratio,
   * and the overload round's lost and dropped percentages.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PairedRound {
    public double losslessPerSecond;
    public double overloadPerSecond;
    public double overloadRatio;
    public double overloadLoggedPerSecond;
    public double lostPercent;
    public double droppedPercent;

    void record(Paired s, TightLoop.Result lossless, TightLoop.Result overload) {
      s.lossless.logged += lossless.logged();
      s.overload.logged += overload.logged();
      losslessPerSecond = lossless.deliveredPerSecond();
      overloadPerSecond = overload.deliveredPerSecond();
      overloadRatio = losslessPerSecond == 0 ? 0 : overloadPerSecond / losslessPerSecond;
      overloadLoggedPerSecond = overload.loggedPerSecond();
      lostPercent = overload.lostPercent();
      droppedPercent = overload.dropped() < 0 || overload.logged() == 0 ? -1
          : 100.0 * overload.dropped() / overload.logged();
      System.out.printf("%nlossless: %s%n%s%noverload: %s%n%s%nratio %.3f%n",
          s.lossless.ship.stats(), lossless, s.overload.ship.stats(), overload, overloadRatio);
    }
  }

  /**
   * One round's figures as JMH secondary results (raw values, not rates over JMH's time):
   * events/s logged and delivered, the percentage lost (logged, never arrived) and counted as
   * dropped by the shipper (-1: it counts none), the per-call p50, p99, p99.9 and worst call in
   * ns, and calls over 1 ms per million calls.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Round {
    public double loggedPerSecond;
    public double deliveredPerSecond;
    public double lostPercent;
    public double droppedPercent;
    public long p50Nanos;
    public long p99Nanos;
    public long p999Nanos;
    public long maxNanos;
    public double over1msPerMillion;

    void record(ShipperTrial trial, TightLoop.Result r) {
      trial.logged += r.logged();
      loggedPerSecond = r.loggedPerSecond();
      deliveredPerSecond = r.deliveredPerSecond();
      lostPercent = r.lostPercent();
      droppedPercent = r.dropped() < 0 || r.logged() == 0 ? -1 : 100.0 * r.dropped() / r.logged();
      p50Nanos = r.calls().p50();
      p99Nanos = r.calls().p99();
      p999Nanos = r.calls().p999();
      maxNanos = r.calls().max();
      long calls = r.calls().calls();
      over1msPerMillion = calls == 0 ? 0 : 1e6 * r.calls().over1ms() / calls;
      System.out.printf("%n%s: %s%n", trial.ship.stats(), r);
    }
  }

  @Benchmark
  public void lossless(Lossless s, Round round) throws InterruptedException {
    round.record(s, TightLoop.run(s.ship, s.arrivals, s.threads,
        Duration.ofSeconds(s.roundSeconds)));
  }

  @Benchmark
  public void paired(Paired s, PairedRound round) throws InterruptedException {
    Duration length = Duration.ofSeconds(s.roundSeconds);
    TightLoop.Result lossless;
    TightLoop.Result overload;
    if (s.losslessFirst()) {
      lossless = TightLoop.run(s.lossless.ship, s.lossless.arrivals, s.threads, length);
      overload = TightLoop.run(s.overload.ship, s.overload.arrivals, s.threads, length);
    } else {
      overload = TightLoop.run(s.overload.ship, s.overload.arrivals, s.threads, length);
      lossless = TightLoop.run(s.lossless.ship, s.lossless.arrivals, s.threads, length);
    }
    round.record(s, lossless, overload);
  }

  @Benchmark
  public void overload(Overload s, Round round) throws InterruptedException {
    round.record(s, TightLoop.run(s.ship, s.arrivals, s.threads,
        Duration.ofSeconds(s.roundSeconds)));
  }
}
