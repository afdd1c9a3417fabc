package dev.tributary.benchmarks;

import dev.tributary.DeliveryReport;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the durable spool costs: sustained delivery of ~200-byte records into a real Kafka
 * broker in its own JVM ({@link Target}), in memory only versus through the spool with its
 * default sync policy (forced to disk every second). One operation is one record; each
 * invocation offers a burst of {@value #BURST} records and waits until all of them are
 * acknowledged, so the score is delivered records per second, not accepted ones. The
 * application thread's cost is measured in the same run: every offer is timed, and the
 * secondary results ({@link OfferCost}) hold the timed offers, their total nanoseconds and how
 * many took over 1 µs. (The burst fits in the buffer, so no offer waits for space; the timing
 * itself adds a few tens of ns per offer, the same in both modes.)
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SpoolBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
// NOP logging: with Logback on this classpath unconfigured (DEBUG), kafka-clients would log to
// the console and the figures would measure logging.
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class SpoolBenchmark {
  static final int BURST = 100_000;
  private static final byte[] VALUE = ("{\"@timestamp\":\"2026-11-22T05:23:15.123Z\",\"level\":"
      + "\"INFO\",\"logger_name\":\"com.acme.checkout.CartService\",\"thread_name\":"
      + "\"http-nio-8080-exec-7\",\"message\":\"added sku=SKU-48213 qty=2 to cart 5531\"}")
      .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @Param({"memory", "spool"})
  public String mode;

  private Target target;
  private String topic;
  private TributaryProducer producer;
  private Path spoolDir;
  private TributaryRecord record;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    target = Target.open();
    topic = target.createTopic("spool-" + mode);
    TributaryConfig.Builder b = TributaryConfig.builder("kafka://" + target.bootstrap())
        .clientId("spool-benchmark-" + mode)
        .bufferBytes(64L << 20)
        .overflowPolicy(OverflowPolicy.BLOCK)
        .maxBlockTime(Duration.ofSeconds(30))
        .jmxEnabled(false)
        .diagnostics(Diagnostics.none());
    if (mode.equals("spool")) {
      spoolDir = Files.createTempDirectory("tributary-spool-bench");
      b.spoolDir(spoolDir);
    }
    producer = TributaryProducer.create(b.build());
    record = TributaryRecord.of(topic, VALUE);
  }

  /** The application thread's side, as JMH secondary results (summed over the iterations). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class OfferCost {
    public long offers;
    public long offerNanos;
    public long offersOver1us;
  }

  /** Delivered records per second: a burst offered, then flushed to Kafka's acknowledgement. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BURST)
  public long deliver(OfferCost cost) {
    long total = 0;
    long over = 0;
    for (int i = 0; i < BURST; i++) {
      long t0 = System.nanoTime();
      producer.offer(record);
      long took = System.nanoTime() - t0;
      total += took;
      if (took > 1_000) {
        over++;
      }
    }
    cost.offers += BURST;
    cost.offerNanos += total;
    cost.offersOver1us += over;
    DeliveryReport report = producer.flush(Duration.ofSeconds(60));
    if (!report.complete()) {
      throw new IllegalStateException("burst not delivered within 60 s: " + report);
    }
    return report.sent();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    long dropped = producer.metrics().dropped();
    DeliveryReport report = producer.close(Duration.ofSeconds(60));
    System.out.printf("%nSpoolBenchmark[%s]: %s; spooled=%,d dropped=%d%n", mode, report,
        producer.metrics().spooled(), dropped);
    target.deleteTopic(topic);
    target.close();
    if (spoolDir != null) {
      try (Stream<Path> files = Files.walk(spoolDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    if (dropped != 0 || report.failed() != 0) {
      throw new IllegalStateException("records were lost; the figures would not be honest");
    }
  }
}
