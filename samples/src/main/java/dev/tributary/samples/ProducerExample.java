package dev.tributary.samples;

import dev.tributary.DeliveryReport;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The producer API without a logging framework: a checkout service publishing business events
 * ({@code OrderPlaced}, {@code PaymentCaptured}, {@code OrderShipped}) keyed by order id, so the
 * events of one order stay in one partition and in order, with headers naming the event type,
 * its schema version and the source. It sends the first event with {@code send()} to show where
 * it landed, offers the rest, flushes, closes, prints the {@link DeliveryReport} and reads the
 * events back.
 *
 * <pre>{@code
 * ./mvnw -q -pl samples -am package exec:exec@producer -DskipTests
 * ./mvnw -q -pl samples -am package exec:exec@producer -DskipTests \
 *     -Dtributary.destination=kafka://broker:9092
 * }</pre>
 *
 * <p>Exits with 0 when every event arrived in order, 1 when not, 2 when the sample failed.
 */
public final class ProducerExample {
  /** The topic the events go to. */
  public static final String TOPIC = "order-events";
  /** The event types of one order, in the order they are published. */
  public static final List<String> EVENT_TYPES =
      List.of("OrderPlaced", "PaymentCaptured", "OrderShipped");

  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private ProducerExample() {}

  /** Arguments: {@code [orders]}, by default 1000 orders (3000 events). */
  public static void main(String[] args) {
    SampleExit.runAndExit(() -> {
      try (SampleKafka kafka = SampleKafka.fromSystemProperties()) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        kafka.start(TOPIC, 3);
        Result result = run(kafka, orders);
        System.out.println(result.summary());
        return result.ok();
      }
    });
  }

  /**
   * Publishes three events for each of {@code orders} orders to {@code kafka}'s destination,
   * then reads them back if it can.
   */
  public static Result run(SampleKafka kafka, int orders) throws Exception {
    String runId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    long startMs = System.currentTimeMillis();
    TributaryConfig config = TributaryConfig.builder(kafka.destination())
        .clientId("checkout-events")
        .build();
    DeliveryReport flushed;
    DeliveryReport closed;
    try (TributaryProducer producer = TributaryProducer.create(config)) {
      // send() when the caller wants to know where the record landed (or why it did not).
      CompletableFuture<RecordMetadata> firstSent = producer.send(event(runId, 0, 0));
      int offered = 1;
      for (int order = 0; order < orders; order++) {
        for (int type = order == 0 ? 1 : 0; type < EVENT_TYPES.size(); type++) {
          // offer() for fire-and-forget: never blocks, false (and counted) if dropped.
          if (producer.offer(event(runId, order, type))) {
            offered++;
          }
        }
      }
      flushed = producer.flush(FLUSH_TIMEOUT);
      closed = producer.close(CLOSE_TIMEOUT);
      // After close every future is complete: delivered, failed, or abandoned at the deadline.
      String firstLanded = firstSent
          .handle((m, e) -> e == null
              ? m.topic() + "-" + m.partition() + " at offset " + m.offset()
              : "nowhere: " + e)
          .join();
      System.out.printf(Locale.ROOT, "offered %,d events; the first landed in %s%n", offered,
          firstLanded);
      System.out.println("flush: " + flushed);
    }
    List<ConsumerRecord<byte[], byte[]>> read = kafka.readBackServers()
        .map(servers -> TopicReader.readSince(servers, TOPIC, startMs, READ_TIMEOUT))
        .orElse(null);
    return Result.of(kafka.destination(), runId, orders, closed, read);
  }

  /** The {@code type}-th event of order {@code order}, keyed by its order id. */
  static TributaryRecord event(String runId, int order, int type) {
    String orderId = runId + "-" + order;
    String eventType = EVENT_TYPES.get(type);
    String json = String.format(Locale.ROOT,
        "{\"type\":\"%s\",\"orderId\":\"%s\",\"at\":\"%s\",\"amountCents\":%d,\"currency\":\"EUR\"}",
        eventType, orderId, Instant.now(), 1_000 + order % 9_000);
    return TributaryRecord.builder(TOPIC)
        .key(orderId)
        .value(json.getBytes(StandardCharsets.UTF_8))
        .header("event-type", eventType)
        .header("schema-version", "1")
        .header("source", "checkout")
        .build();
  }

  /**
   * What one run achieved.
   *
   * @param events events published
   * @param received events of this run read back, or -1 when not read back
   * @param outOfOrder orders whose events were read back in another order, or with a wrong or
   *     missing header
   * @param closeReport the producer's report from {@code close}
   */
  public record Result(String destination, int events, long received, long outOfOrder,
      DeliveryReport closeReport) {

    static Result of(String destination, String runId, int orders, DeliveryReport closeReport,
        List<ConsumerRecord<byte[], byte[]>> read) {
      if (read == null) {
        return new Result(destination, orders * EVENT_TYPES.size(), -1, 0, closeReport);
      }
      Map<String, Integer> nextType = new HashMap<>();
      long received = 0;
      long outOfOrder = 0;
      for (ConsumerRecord<byte[], byte[]> r : read) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        if (!key.startsWith(runId + "-")) {
          continue;
        }
        received++;
        int expected = nextType.merge(key, 1, Integer::sum) - 1;
        if (expected >= EVENT_TYPES.size()
            || !EVENT_TYPES.get(expected).equals(header(r, "event-type"))
            || !"1".equals(header(r, "schema-version"))) {
          outOfOrder++;
        }
      }
      return new Result(destination, orders * EVENT_TYPES.size(), received, outOfOrder,
          closeReport);
    }

    /** True when the producer delivered everything and, if read back, all arrived in order. */
    public boolean ok() {
      boolean delivered = closeReport.sent() == events && closeReport.complete();
      return delivered && (received < 0 || (received == events && outOfOrder == 0));
    }

    /** A few lines for the console. */
    public String summary() {
      String readBack = received < 0
          ? "not read back (a proxy destination needs -Dtributary.readBack=host:9092)"
          : String.format(Locale.ROOT, "%,d of %,d (out of order or bad headers: %,d)",
              received, events, outOfOrder);
      return String.format(Locale.ROOT,
          "Tributary producer API sample: %,d business events to %s, topic %s%n"
              + "  close     %s%n  received  %s",
          events, destination, TOPIC, closeReport, readBack);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
