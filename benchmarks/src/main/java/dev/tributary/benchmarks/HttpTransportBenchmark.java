package dev.tributary.benchmarks;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Diagnostics;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Delivered records per second through the HTTP transports: a {@link TributaryProducer} offers
 * ~200-byte keyed records and flushes until a local proxy stand-in on 127.0.0.1
 * ({@link LocalHttpProxyStub}: same JVM, JDK HTTP server, answers at once, no Kafka behind it)
 * acknowledged every one. So these are the client's ceilings on this machine; with a real proxy,
 * which answers only after Kafka acknowledged, kafka-pixy's rate is about
 * {@code requests in flight / produce latency} (ProxyBenchmark measures that).
 *
 * <ul>
 *   <li>{@code pixyHttp}: one request per record, as many in flight as the adaptive limit allows
 *       (bounded by {@code pixy.max.in.flight}, {@link PixyState#maxInFlight}) over a keep-alive
 *       pool; the producer's batches are
 *       2,000 records.
 *   <li>{@code restHttpBatched}: one v2 request per batch of {@code batchMaxRecords} records
 *       ({@link RestState#batchRecords}), 8 batches in flight (the producer's default), base64
 *       bodies and per-record offsets parsed. Target: at least 100,000 records/s.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar HttpTransportBenchmark
 * java -jar benchmarks/target/benchmarks.jar HttpTransportBenchmark.restHttpBatched \
 *     -p batchRecords=500
 * java -jar benchmarks/target/benchmarks.jar HttpTransportBenchmark.pixyHttp -p maxInFlight=128
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class HttpTransportBenchmark {
  static final int PIXY_RECORDS = 5_000;
  static final int REST_RECORDS = 50_000;
  private static final String VALUE = "{\"ts\":\"2026-11-22T05:23:15.123Z\",\"level\":\"INFO\","
      + "\"logger\":\"com.acme.checkout.CartService\",\"thread\":\"http-nio-8080-exec-7\","
      + "\"requestId\":\"f3a9c2e1b7d4a601\",\"msg\":\"added sku=SKU-48213 qty=2 to cart 5531\"}";
  private static final TributaryRecord RECORD = TributaryRecord.builder("app-logs")
      .key("f3a9c2e1b7d4a601").value(VALUE).build();

  /** A producer and stub per trial; subclasses say which transport. */
  abstract static class Target {
    LocalHttpProxyStub stub;
    TributaryProducer producer;

    void start(String scheme, String clientId, int batchRecords, String key, String value)
        throws IOException {
      stub = new LocalHttpProxyStub(256);
      producer = TributaryProducer.create(TributaryConfig
          .builder(scheme + "://127.0.0.1:" + stub.port())
          .clientId(clientId)
          .batchMaxRecords(batchRecords)
          .bufferBytes(256L << 20)
          .producerProperties(value == null ? Map.of() : Map.of(key, value))
          .jmxEnabled(false)
          .diagnostics(Diagnostics.none())
          .build());
    }

    long deliver(int records) {
      for (int i = 0; i < records; i++) {
        if (!producer.offer(RECORD)) {
          throw new IllegalStateException("record dropped: the figures would measure drops");
        }
      }
      DeliveryReport report = producer.flush(Duration.ofSeconds(60));
      if (!report.complete()) {
        throw new IllegalStateException("not delivered within 60 s: " + report);
      }
      return report.sent();
    }

    void stop(String what) {
      DeliveryReport report = producer.close(Duration.ofSeconds(10));
      stub.close();
      System.out.printf("%nHttpTransportBenchmark %s: %s, retried=%d, answered=%,d%n", what,
          report, producer.metrics().retried(), stub.answered());
      if (report.failed() != 0 || report.dropped() != 0 || producer.metrics().retried() != 0) {
        throw new IllegalStateException("records failed, were retried or dropped: " + report);
      }
    }
  }

  /** {@code pixy+http://}, one request per record. */
  @State(Scope.Benchmark)
  public static class PixyState extends Target {
    /**
     * {@code pixy.max.in.flight}: {@code default} leaves it unset, as users run the transport
     * (the limit adapts up to its default bound); a number bounds the adaptive limit there.
     */
    @Param({"default"})
    public String maxInFlight;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      start("pixy+http", "pixy-http-benchmark", 2_000, "pixy.max.in.flight",
          "default".equals(maxInFlight) ? null : maxInFlight);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop("pixy+http maxInFlight=" + maxInFlight);
    }
  }

  /** {@code rest+http://}, one request per batch. */
  @State(Scope.Benchmark)
  public static class RestState extends Target {
    /** Records per batch, and so per request ({@code batchMaxRecords}). */
    @Param({"2000"})
    public int batchRecords;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      start("rest+http", "rest-http-benchmark", batchRecords, "rest.max.in.flight", "16");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop("rest+http batchRecords=" + batchRecords);
    }
  }

  /** Offers {@value #PIXY_RECORDS} records and waits until the stub answered every one. */
  @Benchmark
  @OperationsPerInvocation(PIXY_RECORDS)
  public long pixyHttp(PixyState s) {
    return s.deliver(PIXY_RECORDS);
  }

  /** Offers {@value #REST_RECORDS} records and waits until the stub answered every one. */
  @Benchmark
  @OperationsPerInvocation(REST_RECORDS)
  public long restHttpBatched(RestState s) {
    return s.deliver(REST_RECORDS);
  }
}
