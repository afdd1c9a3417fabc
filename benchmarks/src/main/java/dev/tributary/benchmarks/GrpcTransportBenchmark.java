package dev.tributary.benchmarks;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.grpc.internal.proto.KafkaPixyGrpc;
import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.internal.proto.ProdRs;
import dev.tributary.spi.Diagnostics;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Delivered records per second through {@code pixy+grpc://}: a {@link TributaryProducer} offers
 * {@value #RECORDS} ~200-byte keyed records and flushes until every one was answered by a
 * local kafka-pixy stand-in on 127.0.0.1 (same JVM, answers at once, no Kafka behind it). So
 * this is the client's ceiling, one unary {@code KafkaPixy.Produce} per record over one HTTP/2
 * connection, as many calls in flight as the adaptive limit allows (bounded by
 * {@code grpc.max.in.flight}, {@link #maxInFlight}). A real kafka-pixy answers only after Kafka
 * acknowledged; then throughput is about calls in flight / latency, well below this ceiling
 * (ProxyBenchmark measures that).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar GrpcTransportBenchmark
 * java -jar benchmarks/target/benchmarks.jar GrpcTransportBenchmark -p maxInFlight=1024
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// NOP logging: with Logback on this classpath unconfigured (DEBUG), grpc's shaded Netty would log
// every HTTP/2 frame and the figures would measure logging.
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g",
    "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class GrpcTransportBenchmark {
  static final int RECORDS = 20_000;
  private static final String VALUE = "{\"ts\":\"2026-11-22T05:23:15.123Z\",\"level\":\"INFO\","
      + "\"logger\":\"com.acme.checkout.CartService\",\"thread\":\"http-nio-8080-exec-7\","
      + "\"requestId\":\"f3a9c2e1b7d4a601\",\"msg\":\"added sku=SKU-48213 qty=2 to cart 5531\"}";

  /**
   * {@code grpc.max.in.flight}: {@code default} leaves it unset, as users run the transport (the
   * limit adapts up to its default bound); a number bounds the adaptive limit there.
   */
  @Param({"default"})
  public String maxInFlight;

  private Server server;
  private final AtomicLong answered = new AtomicLong();
  private TributaryProducer producer;
  private TributaryRecord record;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
            InsecureServerCredentials.create())
        .directExecutor()
        .addService(new KafkaPixyGrpc.KafkaPixyImplBase() {
          @Override
          public void produce(ProdRq request, StreamObserver<ProdRs> observer) {
            observer.onNext(ProdRs.newBuilder().setPartition(0)
                .setOffset(answered.getAndIncrement()).build());
            observer.onCompleted();
          }
        })
        .build()
        .start();
    producer = TributaryProducer.create(TributaryConfig
        .builder("pixy+grpc://127.0.0.1:" + server.getPort())
        .clientId("grpc-benchmark")
        .producerProperties("default".equals(maxInFlight) ? Map.of()
            : Map.of(PixyGrpcProperties.MAX_IN_FLIGHT, maxInFlight))
        .jmxEnabled(false)
        .diagnostics(Diagnostics.none())
        .build());
    record = TributaryRecord.builder("app-logs").key("f3a9c2e1b7d4a601").value(VALUE).build();
  }

  /** Offers {@value #RECORDS} records and waits until kafka-pixy answered every one. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long deliver() {
    for (int i = 0; i < RECORDS; i++) {
      if (!producer.offer(record)) {
        throw new IllegalStateException("record dropped: the figures would measure drops");
      }
    }
    DeliveryReport report = producer.flush(Duration.ofSeconds(60));
    if (!report.complete()) {
      throw new IllegalStateException("not delivered within 60 s: " + report);
    }
    return report.sent();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    DeliveryReport report = producer.close(Duration.ofSeconds(10));
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    System.out.printf("%nGrpcTransportBenchmark maxInFlight=%s: %s, retried=%d, answered=%,d%n",
        maxInFlight, report, producer.metrics().retried(), answered.get());
    if (report.failed() != 0 || report.dropped() != 0) {
      throw new IllegalStateException("records failed or were dropped: " + report);
    }
  }
}
