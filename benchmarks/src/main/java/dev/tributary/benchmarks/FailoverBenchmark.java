package dev.tributary.benchmarks;

import dev.tributary.DeliveryReport;
import dev.tributary.DestinationMode;
import dev.tributary.DestinationMetrics;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Two Kafka clusters: the suite's broker and a second broker this fork starts (each a JVM of
 * its own, on the same machine).
 *
 * <ul>
 *   <li>{@code failover}: the time from the primary's loss to the first record acknowledged by
 *       the standby. Each iteration is one repetition with a fresh producer (primary: the second
 *       broker; standby: the suite's; {@code failoverAfter} = {@code failoverAfterMs}), offering
 *       {@code perSecond} records steadily. Once the primary has acknowledged records, its
 *       broker is frozen (SIGSTOP: connections stay open, nothing answers, as when a host or
 *       the network to it is gone); the clock runs from then until the standby's acknowledged
 *       count leaves 0. Then the broker is thawed for the next repetition. The failover rule
 *       waits {@code failoverAfter} by design, so the figure to read is the time beyond it.
 *   <li>{@code mirror}: delivered events/s in mirror mode (primary: the suite's broker; standby:
 *       the second) against a single destination (the suite's broker alone), in paired rounds
 *       in one fork, alternating which goes first: one application thread offers as fast as it
 *       can (overflow {@code BLOCK}) for {@code roundSeconds}, then the round drains. A mirrored
 *       event counts once it is in both clusters (the lower of the two counts).
 * </ul>
 *
 * <pre>{@code
 * benchmarks/run-suite.sh FailoverBenchmark
 * benchmarks/run-suite.sh FailoverBenchmark.failover -p failoverAfterMs=5000
 * }</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Djmh.shutdownTimeout=5"})
public class FailoverBenchmark {
  /** The ~200-byte keyed record every benchmark here sends. */
  static TributaryRecord record(String topic) {
    return TributaryRecord.builder(topic).key(ProxyBenchmark.KEY).value(ProxyBenchmark.VALUE)
        .build();
  }

  /** Two clusters and one topic on each, for the failover repetitions. */
  @State(Scope.Benchmark)
  public static class Failover {
    @Param({"2000"})
    public int failoverAfterMs;
    @Param({"2000"})
    public int perSecond;

    Target standby;
    Target primary;
    String topic;

    @Setup(Level.Trial)
    public void setUp() {
      standby = Target.open();
      primary = Target.startBroker();
      topic = standby.createTopic("failover");
      primary.createTopicNamed(topic);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        standby.deleteTopic(topic);
      } finally {
        standby.close();
        primary.close();
      }
    }
  }

  /**
   * One repetition as JMH secondary results: milliseconds from the primary's loss to the first
   * record the standby acknowledged, and the same less {@code failoverAfter}.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Switch {
    public double lossToStandbyAckMillis;
    public double beyondFailoverAfterMillis;
  }

  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 7)
  public void failover(Failover s, Switch result) throws IOException {
    TributaryConfig config = TributaryConfig.builder("kafka://" + s.primary.bootstrap())
        .standby("kafka://" + s.standby.bootstrap())
        .failoverAfter(Duration.ofMillis(s.failoverAfterMs))
        .clientId("failover-benchmark").jmxEnabled(false)
        .diagnostics(Diagnostics.none()).build();
    TributaryProducer producer = TributaryProducer.create(config);
    TributaryRecord record = record(s.topic);
    OfferLoop feeder = new OfferLoop(producer, record, s.perSecond);
    BrokerProcess broker = s.primary.ownBroker();
    boolean frozen = false;
    try {
      awaitSent(producer, 0, s.perSecond / 2, Duration.ofSeconds(60));
      broker.freeze();
      frozen = true;
      long lost = System.nanoTime();
      awaitSent(producer, 1, 1, Duration.ofMillis(s.failoverAfterMs).plusSeconds(60));
      double millis = (System.nanoTime() - lost) / 1e6;
      result.lossToStandbyAckMillis = millis;
      result.beyondFailoverAfterMillis = millis - s.failoverAfterMs;
      System.out.printf("%nprimary frozen; first record acknowledged by the standby %.0f ms "
          + "later (failoverAfter %d ms)%n", millis, s.failoverAfterMs);
    } finally {
      feeder.stop();
      if (frozen) {
        broker.thaw();
      }
      DeliveryReport report = producer.close(Duration.ofSeconds(10));
      System.out.printf("offered %,d; %s; switches %d; %s%n", feeder.offered(), report,
          producer.metrics().destinationSwitches(), destinations(producer));
    }
  }

  /** Waits until destination {@code index} acknowledged {@code records} records. */
  private static void awaitSent(TributaryProducer producer, int index, long records,
      Duration cap) {
    long deadline = System.nanoTime() + cap.toNanos();
    while (producer.metrics().destinations().get(index).sent() < records) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("destination " + index + " acknowledged fewer than "
            + records + " records within " + cap + ": " + destinations(producer));
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
  }

  private static String destinations(TributaryProducer producer) {
    StringBuilder sb = new StringBuilder();
    for (DestinationMetrics d : producer.metrics().destinations()) {
      sb.append(String.format("%s: sent %,d, retried %,d, failed %,d, pending %,d; ", d.name(),
          d.sent(), d.retried(), d.failed(), d.pendingRecords()));
    }
    return sb.toString();
  }

  /** A single destination and a mirrored pair, with their topics and counters. */
  @State(Scope.Benchmark)
  public static class Mirror {
    @Param({"3"})
    public int roundSeconds;

    Target first;
    Target second;
    String singleTopic;
    String mirrorTopic;
    TributaryProducer single;
    TributaryProducer mirror;
    TopicCounter singleArrivals;
    TopicCounter mirrorPrimary;
    TopicCounter mirrorStandby;
    private int pairs;

    @Setup(Level.Trial)
    public void setUp() {
      first = Target.open();
      second = Target.startBroker();
      singleTopic = first.createTopic("single");
      mirrorTopic = first.createTopic("mirror");
      second.createTopicNamed(mirrorTopic);
      single = TributaryProducer.create(TributaryConfig.builder("kafka://" + first.bootstrap())
          .overflowPolicy(OverflowPolicy.BLOCK).clientId("single-benchmark")
          .jmxEnabled(false).diagnostics(Diagnostics.none()).build());
      mirror = TributaryProducer.create(TributaryConfig.builder("kafka://" + first.bootstrap())
          .standby("kafka://" + second.bootstrap()).destinationMode(DestinationMode.MIRROR)
          .overflowPolicy(OverflowPolicy.BLOCK).clientId("mirror-benchmark")
          .jmxEnabled(false).diagnostics(Diagnostics.none()).build());
      singleArrivals = new TopicCounter(first.bootstrap(), singleTopic, Target.PARTITIONS);
      mirrorPrimary = new TopicCounter(first.bootstrap(), mirrorTopic, Target.PARTITIONS);
      mirrorStandby = new TopicCounter(second.bootstrap(), mirrorTopic, Target.PARTITIONS);
    }

    boolean singleFirst() {
      return pairs++ % 2 == 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        System.out.printf("%nsingle: %s%nmirror: %s; %s%n", single.close(Duration.ofSeconds(10)),
            mirror.close(Duration.ofSeconds(10)), destinations(mirror));
        singleArrivals.close();
        mirrorPrimary.close();
        mirrorStandby.close();
        first.deleteTopic(singleTopic);
        first.deleteTopic(mirrorTopic);
      } finally {
        first.close();
        second.close();
      }
    }
  }

  /**
   * One pair's figures: delivered events/s of the single destination and of the mirror (in
   * both clusters), each of the mirror's destinations, and mirror / single.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class MirrorRound {
    public double singlePerSecond;
    public double mirrorPerSecond;
    public double mirrorPrimaryPerSecond;
    public double mirrorStandbyPerSecond;
    public double mirrorRatio;
  }

  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 5)
  public void mirror(Mirror s, MirrorRound round) {
    Duration length = Duration.ofSeconds(s.roundSeconds);
    double[] single;
    double[] mirror;
    TributaryRecord singleRecord = record(s.singleTopic);
    TributaryRecord mirrorRecord = record(s.mirrorTopic);
    if (s.singleFirst()) {
      single = round(s.single, singleRecord, length, s.singleArrivals);
      mirror = round(s.mirror, mirrorRecord, length, s.mirrorPrimary, s.mirrorStandby);
    } else {
      mirror = round(s.mirror, mirrorRecord, length, s.mirrorPrimary, s.mirrorStandby);
      single = round(s.single, singleRecord, length, s.singleArrivals);
    }
    round.singlePerSecond = single[0];
    round.mirrorPrimaryPerSecond = mirror[0];
    round.mirrorStandbyPerSecond = mirror[1];
    round.mirrorPerSecond = Math.min(mirror[0], mirror[1]);
    round.mirrorRatio = single[0] == 0 ? 0 : round.mirrorPerSecond / single[0];
    System.out.printf("%nsingle %,.0f/s; mirror %,.0f/s (primary %,.0f/s, standby %,.0f/s); "
        + "ratio %.3f%n", single[0], round.mirrorPerSecond, mirror[0], mirror[1],
        round.mirrorRatio);
  }

  /**
   * One thread offers as fast as it can for {@code length}; returns the events/s that arrived
   * in each counter's topic meanwhile, then waits until nothing more arrives.
   */
  private static double[] round(TributaryProducer producer, TributaryRecord record,
      Duration length, TopicCounter... counters) {
    long[] before = new long[counters.length];
    for (int i = 0; i < counters.length; i++) {
      before[i] = counters[i].arrived();
    }
    OfferLoop feeder = new OfferLoop(producer, record, 0);
    long start = System.nanoTime();
    ProxyBenchmark.sleep(length);
    double[] perSecond = new double[counters.length];
    for (int i = 0; i < counters.length; i++) {
      long readStart = System.nanoTime();
      long after = counters[i].arrived();
      long nanos = (readStart + System.nanoTime()) / 2 - start;
      perSecond[i] = (after - before[i]) * 1e9 / nanos;
    }
    feeder.stop();
    for (TopicCounter c : counters) {
      c.awaitQuiet(500, 60_000);
    }
    return perSecond;
  }
}
