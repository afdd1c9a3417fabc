package dev.tributary.benchmarks;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link TributaryProducer#offer} costs an application thread: appending one ~200-byte
 * JSON log record, from 1 and from 4 threads sharing one producer. The destination is a no-op
 * transport ({@link NoopTransportProvider}) so only the producer is measured; the buffer is
 * sized so it never fills, and the run fails if any record was dropped, because a dropped
 * offer is a different (cheaper) code path.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar OfferBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xmn2g", "-XX:+AlwaysPreTouch",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class OfferBenchmark {
  /**
   * 8 GiB of accounting (about 30 million of these records): offers outpace the sender (see
   * {@link #drain()}), so one iteration's backlog, millions of records, must fit without a drop.
   */
  private static final long BUFFER_BYTES = 8L << 30;
  private static final String VALUE = "{\"ts\":\"2026-11-22T05:23:15.123Z\",\"level\":\"INFO\","
      + "\"logger\":\"com.acme.checkout.CartService\",\"thread\":\"http-nio-8080-exec-7\","
      + "\"requestId\":\"f3a9c2e1b7d4a601\",\"msg\":\"added sku=SKU-48213 qty=2 to cart 5531\"}";

  private TributaryProducer producer;
  private TributaryRecord record;
  private long maxPending;

  @Setup(Level.Trial)
  public void setUp() {
    producer = TributaryProducer.create(TributaryConfig.builder("noop://local")
        .clientId("offer-benchmark")
        .bufferBytes(BUFFER_BYTES)
        .jmxEnabled(false)
        .diagnostics(Diagnostics.none())
        .build());
    // Records are immutable, so one instance can be offered over and over; building it is the
    // application's cost, not offer's.
    record = TributaryRecord.builder("app-logs")
        .key("f3a9c2e1b7d4a601")
        .value(VALUE)
        .build();
  }

  @Benchmark
  @Threads(1)
  public boolean offer1Thread() {
    return producer.offer(record);
  }

  @Benchmark
  @Threads(4)
  public boolean offer4Threads() {
    return producer.offer(record);
  }

  /**
   * Offers from a tight loop outpace the one sender thread even with a no-op transport, so the
   * backlog grows during an iteration, to millions of records, far beyond what a real buffer
   * (tens of MiB) holds. Collecting garbage with such a live set would dominate the figures, so
   * the backlog is drained and the heap collected between iterations, unmeasured, and the young
   * generation (see {@code @Fork}) holds one iteration's allocations. Allocation per offer is
   * still visible with {@code -prof gc}.
   */
  @TearDown(Level.Iteration)
  public void drain() {
    maxPending = Math.max(maxPending, producer.metrics().pendingRecords());
    DeliveryReport flushed = producer.flush(Duration.ofSeconds(60));
    if (!flushed.complete()) {
      throw new IllegalStateException("backlog not drained within 60 s: " + flushed);
    }
    System.gc();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    DeliveryReport flushed = producer.flush(Duration.ofSeconds(30));
    long dropped = producer.metrics().dropped();
    producer.close(Duration.ofSeconds(10));
    System.out.printf("%nOfferBenchmark: appended=%,d dropped=%d, largest backlog at the end of "
        + "an iteration=%,d records; %s%n", producer.metrics().appended(), dropped, maxPending,
        flushed);
    if (dropped != 0) {
      throw new IllegalStateException(dropped + " records were dropped; the figures measure "
          + "drops, not appends. Raise BUFFER_BYTES.");
    }
  }
}
