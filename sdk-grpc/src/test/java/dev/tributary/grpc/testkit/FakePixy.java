package dev.tributary.grpc.testkit;

import dev.tributary.grpc.internal.proto.KafkaPixyGrpc;
import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.internal.proto.ProdRs;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A stand-in for kafka-pixy's gRPC server on 127.0.0.1: {@code KafkaPixy.Produce} either
 * answers at once (standalone) or writes through a real {@code KafkaProducer} and answers after
 * Kafka acknowledged, as kafka-pixy's sync mode does. Tests script failures per call, hold
 * calls unanswered, and read the metadata of the latest call. Thread-safe.
 */
public final class FakePixy extends KafkaPixyGrpc.KafkaPixyImplBase implements AutoCloseable {
  /** The cluster name this fake knows besides the empty default. */
  public static final String CLUSTER = "local";

  /** Per call: an error to answer with, or null to produce normally. */
  public volatile Function<ProdRq, StatusRuntimeException> script = rq -> null;
  /** While true, calls are held unanswered until {@link #releaseHeld()} or close. */
  public volatile boolean hang;
  /** Whether to keep every request for inspection (off for big runs). */
  public volatile boolean keepRequests = true;
  public volatile Metadata lastHeaders;
  public final AtomicInteger calls = new AtomicInteger();
  public final AtomicInteger failedCalls = new AtomicInteger();
  public final AtomicInteger maxActive = new AtomicInteger();
  public final ConcurrentLinkedQueue<ProdRq> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger active = new AtomicInteger();
  /** Records handed to the KafkaProducer whose callback has not run yet. */
  private final AtomicInteger atKafka = new AtomicInteger();
  private final AtomicLong offsets = new AtomicLong();
  private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
  private final KafkaProducer<byte[], byte[]> kafka;
  private final Admin admin;
  private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
  private Server server;

  private record Held(ProdRq request, StreamObserver<ProdRs> observer) {}

  private FakePixy(String bootstrapServers, Admin admin) {
    this.admin = admin;
    this.kafka = bootstrapServers == null ? null : new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        // Like kafka-pixy's producer (Sarama), and because an idempotent producer writing to a
        // just-created partition can loop on OUT_OF_ORDER_SEQUENCE_NUMBER for minutes.
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  /** Answers every call at once with partition 0 and increasing offsets. */
  public static FakePixy standalone() {
    return new FakePixy(null, null);
  }

  /** Produces into Kafka; unknown topics and clusters get INVALID_ARGUMENT, like kafka-pixy. */
  public static FakePixy forwardingTo(String bootstrapServers, Admin admin) {
    return new FakePixy(bootstrapServers, admin);
  }

  public FakePixy start() {
    return start(InsecureServerCredentials.create());
  }

  public FakePixy start(ServerCredentials credentials) {
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, S> ServerCall.Listener<Q> interceptCall(ServerCall<Q, S> call, Metadata headers,
          ServerCallHandler<Q, S> next) {
        lastHeaders = headers;
        return next.startCall(call, headers);
      }
    };
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
          .addService(ServerInterceptors.intercept(this, capture))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public int port() {
    return server.getPort();
  }

  /** Calls received and not yet answered. */
  public int active() {
    return active.get();
  }

  @Override
  public void produce(ProdRq request, StreamObserver<ProdRs> observer) {
    calls.incrementAndGet();
    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    if (keepRequests) {
      requests.add(request);
    }
    StatusRuntimeException failure = script.apply(request);
    if (failure != null) {
      failedCalls.incrementAndGet();
      fail(observer, failure);
    } else if (hang) {
      held.add(new Held(request, observer));
    } else {
      answer(request, observer);
    }
  }

  /** Answers every held call normally. */
  public void releaseHeld() {
    Held h;
    while ((h = held.poll()) != null) {
      answer(h.request(), h.observer());
    }
  }

  private void answer(ProdRq rq, StreamObserver<ProdRs> observer) {
    if (kafka == null) {
      succeed(observer, 0, offsets.getAndIncrement());
      return;
    }
    if (!rq.getCluster().isEmpty() && !rq.getCluster().equals(CLUSTER)) {
      fail(observer, Status.INVALID_ARGUMENT.withDescription("cluster `" + rq.getCluster()
          + "` not found").asRuntimeException());
      return;
    }
    if (!topicExists(rq.getTopic())) {
      fail(observer, Status.INVALID_ARGUMENT.withDescription("unknown topic: "
          + rq.getTopic()).asRuntimeException());
      return;
    }
    List<Header> headers = new ArrayList<>(rq.getHeadersCount());
    rq.getHeadersList().forEach(h -> headers.add(new RecordHeader(h.getKey(),
        h.getValue().toByteArray())));
    byte[] key = rq.getKeyUndefined() ? null : rq.getKeyValue().toByteArray();
    atKafka.incrementAndGet();
    kafka.send(new ProducerRecord<>(rq.getTopic(), null, key, rq.getMessage().toByteArray(),
        headers), (md, e) -> {
          atKafka.decrementAndGet();
          if (e != null) {
            fail(observer, Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
          } else {
            succeed(observer, md.partition(), md.offset());
          }
        });
  }

  private boolean topicExists(String topic) {
    if (knownTopics.contains(topic)) {
      return true;
    }
    try {
      knownTopics.addAll(admin.listTopics().names().get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("listing topics failed", e);
    }
    return knownTopics.contains(topic);
  }

  private void succeed(StreamObserver<ProdRs> observer, int partition, long offset) {
    active.decrementAndGet();
    observer.onNext(ProdRs.newBuilder().setPartition(partition).setOffset(offset).build());
    observer.onCompleted();
  }

  private void fail(StreamObserver<ProdRs> observer, StatusRuntimeException e) {
    active.decrementAndGet();
    observer.onError(e);
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (kafka != null) {
        kafka.close(java.time.Duration.ofSeconds(10));
      }
    }
  }

  /** Back to answering every call normally, for the next test. */
  public void reset() {
    script = rq -> null;
    hang = false;
    keepRequests = true;
    requests.clear();
    held.clear();
    // Calls a client cancelled (deadline, close) never answer; forget them.
    active.set(0);
  }

  /** Counters for a failure message. */
  public String state() {
    return "calls=" + calls + ", failed=" + failedCalls + ", active=" + active + ", held="
        + held.size() + ", atKafka=" + atKafka + ", hang=" + hang;
  }

  /** Calls held unanswered because {@link #hang} was on. */
  public int heldCount() {
    return held.size();
  }
}
