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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-call cost a service meets when its logging does not saturate the machine: one thread
 * logging at a steady {@code perSecond} with the broker up ({@link PacedCheck}), every call
 * timed. Tributary as a user has it (its defaults), the lossless peers (none of which waits on
 * the broker per call) and the floor.
 *
 * <p>One JMH iteration is one round of {@code roundSeconds}; the secondary results
 * ({@link Round}) are the figures, one value per round, and the report takes their mean and
 * 99.9 % confidence interval over the rounds. The JMH score is only the round's wall time.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SteadyRateBenchmark -p perSecond=20000
 * }</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 12)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dlog4j2.statusLoggerLevel=ERROR",
    "-Djmh.shutdownTimeout=5"})
public class SteadyRateBenchmark {

  @State(Scope.Benchmark)
  public static class Paced extends ShipperTrial {
    // Tributary's producer settings change its sender, not its calls: its defaults only.
    @Param({"tributary-logback", "tributary-log4j2", "kafka-clients-loop", "lka",
        "log4j2-kafka", "log4j2-kafka-async", "floor-async-noop"})
    public String contestant;
    @Param({"20000", "100000"})
    public int perSecond;
    @Param({"2"})
    public int roundSeconds;

    @Setup(Level.Trial)
    public void setUp() {
      start(contestant, LogShipper.Buffering.DEFAULTS);
    }
  }

  /**
   * One round's figures as JMH secondary results (raw values): calls made and the share of the
   * intended calls missed because calls ran late, per-call p50, p99, p99.9 and worst call in
   * ns, and calls over 1 ms.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Round {
    public long calls;
    public double behindPercent;
    public long p50Nanos;
    public long p99Nanos;
    public long p999Nanos;
    public long maxNanos;
    public long over1ms;
  }

  @Benchmark
  public void paced(Paced s, Round round) {
    PacedCheck.Result r = PacedCheck.run(s.ship, s.perSecond, Duration.ofSeconds(s.roundSeconds));
    s.logged += r.calls().calls();
    round.calls = r.calls().calls();
    round.behindPercent = 100.0 * Math.max(0, r.intended() - r.calls().calls()) / r.intended();
    round.p50Nanos = r.calls().p50();
    round.p99Nanos = r.calls().p99();
    round.p999Nanos = r.calls().p999();
    round.maxNanos = r.calls().max();
    round.over1ms = r.calls().over1ms();
    System.out.printf("%nPaced at %,d/s, %s: %s%n", s.perSecond, s.contestant, r);
  }
}
