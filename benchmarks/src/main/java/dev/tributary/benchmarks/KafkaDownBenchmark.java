package dev.tributary.benchmarks;

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
 * What a service meets while Kafka is down: each contestant pointed at a port where nothing
 * listens, as a user configures it (Tributary with its defaults, its 32 MiB buffer included;
 * the peers with the peer producer settings), and the floor, which never talks to Kafka and
 * shows what the JVM alone costs (GC pauses, scheduling) in the same harness.
 *
 * <p>One JMH iteration is one fresh contestant: {@value #FIRST_CALLS} calls, then
 * {@value #MORE_CALLS} more ({@link StallCheck}), each round capped at {@value #CAP_SECONDS}
 * s; then a stop with a {@value #STOP_SECONDS} s timeout, waited for at most
 * {@value #CAP_SECONDS} s. The secondary results ({@link Down}) are the outcome; the report
 * takes their mean and 99.9 % confidence interval over the iterations. The score is only wall
 * time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Dlog4j2.statusLoggerLevel=ERROR",
    "-Djmh.shutdownTimeout=5"})
public class KafkaDownBenchmark {
  static final int FIRST_CALLS = 20_000;
  static final int MORE_CALLS = 200_000;
  static final long CAP_SECONDS = 10;
  static final long STOP_SECONDS = 5;

  @State(Scope.Benchmark)
  public static class Unreachable {
    @Param({"tributary-logback", "tributary-log4j2", "lka", "lka-blocking", "log4j2-kafka",
        "log4j2-kafka-sync", "log4j2-kafka-async", "floor-async-noop"})
    public String contestant;
    LogShipper ship;

    @Setup(Level.Iteration)
    public void setUp() {
      ship = LogShipper.create(contestant, "127.0.0.1:" + BrokerProcess.freePort(), "logs",
          LogShipper.Buffering.DEFAULTS);
    }
  }

  /**
   * The outcome as JMH secondary results (raw values): calls made and calls over 1 ms of the
   * {@value #FIRST_CALLS} + {@value #MORE_CALLS} attempted, the worst call in microseconds (a
   * call still blocked at the cap counts for as long as it had waited), the last round's p99 in
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
  public void kafkaDown(Unreachable s, Down d) throws InterruptedException {
    StallCheck.Result cold = new StallCheck(s.ship, FIRST_CALLS).run(CAP_SECONDS);
    System.out.printf("%nKafka down, %s, first calls: %s%n", s.contestant, cold);
    StallCheck.Result last = cold;
    if (!cold.blocked()) {
      // A blocked caller would only wait out the cap again.
      last = new StallCheck(s.ship, MORE_CALLS).run(CAP_SECONDS);
      System.out.printf("Kafka down, %s, then: %s%n", s.contestant, last);
    }
    // Counters before the stop: a stopped Log4j2 context no longer knows its appender.
    String stats = s.ship.stats();
    LogShipper.Stop stop = s.ship.stopWithin(STOP_SECONDS, CAP_SECONDS);
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
