package dev.tributary.benchmarks;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Events/s delivered into Kafka through the real proxies the suite runs in front of its broker
 * (kafka-pixy with its default config and with {@code producer.flush_frequency: 5ms}, the
 * Strimzi bridge; {@link ProxyRoute}), counted in the topic, never taken from a client's
 * word. Two clients per route, in separate trials:
 *
 * <ul>
 *   <li>{@code tributary}: a {@code TributaryProducer} with its defaults on the route's scheme,
 *       one application thread offering ~200-byte keyed records as fast as it can (overflow
 *       {@code BLOCK}, so nothing is dropped and the buffer stays full). The pixy transports
 *       start with a modest number of requests in flight and grow it while the proxy keeps up:
 *       the first {@code rampSeconds} are that ramp, measured apart ({@code rampPerSecond})
 *       and not in the rounds. The rounds begin once it has run as long as the raw client's
 *       sweep took, so both clients are measured equally warm.
 *   <li>{@code raw}: the ceiling, the simplest client of the same protocol ({@link RawClient}:
 *       plain OkHttp async POSTs, or a plain grpc-java async stub) sending the same record to
 *       the same proxy, at the concurrency that serves it best: before the rounds it tries
 *       each of the route's levels for {@code sweepSeconds} and keeps the fastest.
 * </ul>
 *
 * <p>The load runs without pause for the whole trial; one JMH iteration is one round of
 * {@code roundSeconds}, and its secondary results ({@link Round}) are the figures. The report
 * gives Tributary's events/s as a ratio to the ceiling's (target: at least 0.8×).
 *
 * <pre>{@code
 * benchmarks/run-suite.sh ProxyBenchmark
 * benchmarks/run-suite.sh ProxyBenchmark -p route=pixy+grpc,pixy+grpc-5ms
 * }</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-Djmh.shutdownTimeout=5"})
public class ProxyBenchmark {
  static final String KEY = "f3a9c2e1b7d4a601";
  static final byte[] VALUE = ("{\"ts\":\"2026-11-22T05:23:15.123Z\",\"level\":\"INFO\","
      + "\"logger\":\"com.acme.checkout.CartService\",\"thread\":\"http-nio-8080-exec-7\","
      + "\"requestId\":\"f3a9c2e1b7d4a601\",\"msg\":\"added sku=SKU-48213 qty=2 to cart 5531\"}")
      .getBytes(StandardCharsets.UTF_8);
  /**
   * How long a new limit settles before its rate is measured: thousands of new connections
   * (HTTP/1.1, one per request in flight) take a while to open, and a 500 ms-flush kafka-pixy
   * answers the first of them only at its next flush.
   */
  private static final Duration SETTLE = Duration.ofSeconds(1);

  @State(Scope.Benchmark)
  public static class Trial {
    @Param({"pixy+http", "pixy+http-5ms", "pixy+grpc", "pixy+grpc-5ms", "rest+http"})
    public String route;
    @Param({"tributary", "raw"})
    public String client;
    @Param({"3"})
    public int roundSeconds;
    @Param({"4"})
    public int rampSeconds;
    @Param({"2"})
    public int sweepSeconds;

    Target target;
    String topic;
    TopicCounter arrivals;
    TributaryLoad tributary;
    RawClient raw;
    double rampPerSecond = Double.NaN;

    @Setup(Level.Trial)
    public void setUp() {
      ProxyRoute r = ProxyRoute.of(route);
      String hostPort = Target.service(r.property);
      target = Target.open();
      topic = target.createTopic(route + "-" + client);
      arrivals = new TopicCounter(target.bootstrap(), topic, Target.PARTITIONS);
      switch (client) {
        case "tributary" -> {
          tributary = new TributaryLoad(TributaryConfig.builder(r.scheme() + "://" + hostPort)
              .clientId("proxy-benchmark"), TributaryRecord.builder(topic).key(KEY)
              .value(VALUE).build());
          rampPerSecond = ramp();
          // The raw client loads the proxy through its whole sweep before its first round;
          // Tributary runs as long before its own, so both are measured equally warm (JIT,
          // connections, proxy and broker).
          Duration rawLead = SETTLE.plus(Duration.ofSeconds(sweepSeconds)).multipliedBy(
              r.sweep.size()).plus(SETTLE);
          Duration more = rawLead.minusSeconds(rampSeconds);
          if (!more.isNegative()) {
            sleep(more);
          }
        }
        case "raw" -> {
          raw = r.grpc() ? new RawGrpcClient(hostPort, topic, KEY, VALUE)
              : r.bridge() ? RawHttpClient.bridge(hostPort, topic, KEY, VALUE, max(r.sweep))
              : RawHttpClient.pixy(hostPort, topic, KEY, VALUE, max(r.sweep));
          raw.start(r.sweep.get(0));
          sweep(r.sweep);
        }
        default -> throw new IllegalArgumentException("client must be tributary or raw, not '"
            + client + "'");
      }
    }

    /** Delivered events/s in the first {@code rampSeconds}, printed per half second. */
    private double ramp() {
      List<String> steps = new ArrayList<>();
      long start = System.nanoTime();
      long first = arrivals.arrived();
      long last = first;
      long lastAt = start;
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(rampSeconds)) {
        sleep(Duration.ofMillis(500));
        long now = arrivals.arrived();
        long at = System.nanoTime();
        steps.add(String.format("%,.0f", (now - last) * 1e9 / (at - lastAt)));
        last = now;
        lastAt = at;
      }
      double perSecond = (last - first) * 1e9 / (lastAt - start);
      System.out.printf("%n%s tributary ramp, events/s per half second: %s; over the first %d s:"
          + " %,.0f/s%n", route, String.join(", ", steps), rampSeconds, perSecond);
      return perSecond;
    }

    /** Tries each level for {@code sweepSeconds} and leaves the client at the fastest. */
    private void sweep(List<Integer> levels) {
      int best = levels.get(0);
      double bestRate = -1;
      List<String> tried = new ArrayList<>();
      for (int level : levels) {
        raw.limit(level);
        sleep(SETTLE);
        double rate = deliveredPerSecond(Duration.ofSeconds(sweepSeconds));
        tried.add(String.format("%d: %,.0f/s", level, rate));
        if (rate > bestRate) {
          bestRate = rate;
          best = level;
        }
      }
      raw.limit(best);
      // A lower limit takes hold as the requests beyond it end: one flush, or a timeout.
      sleep(SETTLE);
      System.out.printf("%n%s raw client, in flight: events/s — %s; keeping %d (failed so "
          + "far: %,d; last error: %s)%n", route, String.join(", ", tried), best, raw.failed(),
          raw.lastError().isEmpty() ? "none" : raw.lastError());
    }

    /** Events/s that arrived in the topic over {@code window}. */
    double deliveredPerSecond(Duration window) {
      long before = arrivals.arrived();
      long start = System.nanoTime();
      sleep(window);
      long readStart = System.nanoTime();
      long after = arrivals.arrived();
      // The window ends halfway through the read of the end offsets.
      long nanos = (readStart + System.nanoTime()) / 2 - start;
      return (after - before) * 1e9 / nanos;
    }

    long errors() {
      return tributary != null ? tributary.errors() : raw.failed();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        if (tributary != null) {
          String metrics = String.format("sent %,d, retried %,d, failed %,d",
              tributary.metrics().sent(), tributary.metrics().retried(),
              tributary.metrics().failed());
          DeliveryReport report = tributary.close(Duration.ofSeconds(2));
          System.out.printf("%n%s tributary: %s; at close (2 s, the buffer's tail not waited "
              + "for): %s%n", route, metrics, report);
        }
        if (raw != null) {
          System.out.printf("%n%s raw client at %d in flight: answered %,d requests, failed %,d"
              + "%s%n", route, raw.limit(), raw.answered(), raw.failed(),
              raw.lastError().isEmpty() ? "" : " (last: " + raw.lastError() + ")");
          raw.close();
        }
        // What the proxy still holds lands within a flush or two; then the topic can go.
        arrivals.awaitQuiet(1_000, 10_000);
      } finally {
        arrivals.close();
        target.deleteTopic(topic);
        target.close();
      }
    }

    private static int max(List<Integer> levels) {
      return levels.get(levels.size() - 1);
    }
  }

  /**
   * One round's figures as JMH secondary results (raw values): events/s delivered into Kafka;
   * the ramp's events/s (the same value every round of a trial; {@code NaN}-free: 0 for the raw
   * client, which has no ramp); the raw client's requests in flight (0 for Tributary, whose
   * limit adapts); requests that failed or were retried during the round.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Round {
    public double deliveredPerSecond;
    public double rampPerSecond;
    public long concurrency;
    public long errors;
  }

  @Benchmark
  public void deliver(Trial s, Round round) {
    long errorsBefore = s.errors();
    round.deliveredPerSecond = s.deliveredPerSecond(Duration.ofSeconds(s.roundSeconds));
    round.rampPerSecond = Double.isNaN(s.rampPerSecond) ? 0 : s.rampPerSecond;
    round.concurrency = s.raw == null ? 0 : s.raw.limit();
    round.errors = s.errors() - errorsBefore;
    System.out.printf("%n%s %s: %,.0f events/s delivered, %d errors%n", s.route, s.client,
        round.deliveredPerSecond, round.errors);
  }

  static void sleep(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    for (long left; (left = end - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
  }
}
