package dev.tributary.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.internal.http.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A stand-in for kafka-pixy's HTTP API and a Confluent REST v2 proxy that writes what it
 * receives to a real Kafka cluster (for end-to-end tests), bound to {@code 127.0.0.1}.
 *
 * <p>It is strict where the real proxies are: kafka-pixy's {@code Content-Type} must be exactly
 * {@code text/plain} or {@code application/json}, REST's exactly
 * {@code application/vnd.kafka.binary.v2+json}; a {@code Content-Length} is required and chunked
 * bodies are refused; pixy requests must carry {@code sync} (the real proxy would answer before
 * Kafka has the record). Every such breach is answered 4xx like the proxy would and listed in
 * {@link #violations()}. Record headers come from {@code X-Kafka-*} headers, their names
 * title-cased as kafka-pixy does, or from Strimzi-style {@code headers} in REST records.
 *
 * <p>{@link #unavailable(boolean)} makes both endpoints answer 503 until switched back, as a
 * proxy whose Kafka is down does. Thread-safe.
 */
public final class ProxyFixture implements AutoCloseable {
  private static final String REST_TYPE = "application/vnd.kafka.binary.v2+json";

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm
    // on, the body waits for the client's delayed ACK (~40 ms) and one-record-per-request
    // kafka-pixy traffic crawls. Read once, when the JDK's server classes first load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong answered503 = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private volatile boolean unavailable;

  private ProxyFixture(String bootstrapServers, int threads) throws IOException {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, "5",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "proxy-fixture-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a fixture writing to {@code bootstrapServers}, serving 256 requests at once. */
  public static ProxyFixture start(String bootstrapServers) {
    try {
      return new ProxyFixture(bootstrapServers, 256);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the proxy fixture", e);
    }
  }

  public String pixyDestination() {
    return "pixy+http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String restDestination() {
    return "rest+http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** While true, every produce request is answered 503 and nothing is written. */
  public void unavailable(boolean unavailable) {
    this.unavailable = unavailable;
  }

  /** Produce requests answered 503 so far. */
  public long answered503() {
    return answered503.get();
  }

  /** Records written to Kafka so far. */
  public long written() {
    return written.get();
  }

  /** Protocol breaches seen so far; empty when every request had the exact shape. */
  public List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getRawPath();
      String[] seg = path.substring(1).split("/", -1);
      byte[] body = readBody(ex);
      if (body == null) {
        return;
      }
      if (seg.length == 3 && seg[0].equals("topics") && seg[2].equals("messages")) {
        pixy(ex, seg[1], body);
      } else if (seg.length == 5 && seg[0].equals("clusters") && seg[2].equals("topics")
          && seg[4].equals("messages")) {
        pixy(ex, seg[3], body);
      } else if (seg.length == 2 && seg[0].equals("topics")) {
        rest(ex, seg[1], body);
      } else {
        violation(ex, 404, "{\"error\":\"no route " + path + "\"}", "unknown path " + path);
      }
    } catch (RuntimeException | IOException e) {
      violations.add("fixture error: " + e);
      throw e;
    } finally {
      ex.close();
    }
  }

  /** The body, or null after answering a request that has no exact Content-Length. */
  private byte[] readBody(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      violation(ex, 405, "{\"error\":\"POST only\"}", "method " + ex.getRequestMethod());
      return null;
    }
    String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
    String cl = ex.getRequestHeaders().getFirst("Content-Length");
    byte[] body = ex.getRequestBody().readAllBytes();
    if (te != null || cl == null) {
      violation(ex, 400, "{\"error\":\"Missing Content-Length header\"}",
          "no Content-Length (Transfer-Encoding " + te + ")");
      return null;
    }
    if (Long.parseLong(cl) != body.length) {
      violation(ex, 400, "{\"error\":\"bad length\"}", "Content-Length " + cl + " but "
          + body.length + " bytes");
      return null;
    }
    return body;
  }

  private void pixy(HttpExchange ex, String topic, byte[] value) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (!"text/plain".equals(type) && !"application/json".equals(type)) {
      violation(ex, 400, "{\"error\":\"Unsupported content type " + type + "\"}",
          "pixy Content-Type " + type);
      return;
    }
    Map<String, byte[]> query = ProxyWire.parse(ex.getRequestURI().getRawQuery());
    if (!query.containsKey("sync")) {
      violation(ex, 400, "{\"error\":\"sync missing\"}", "pixy request without sync");
      return;
    }
    if (unavailable) {
      answered503.incrementAndGet();
      respond(ex, 503, "{\"error\":\"producer is shutting down\"}");
      return;
    }
    List<Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
      String name = h.getKey();
      if (name.toLowerCase(Locale.ROOT).startsWith("x-kafka-")) {
        headers.add(new RecordHeader(ProxyWire.canonical(name.substring(8)),
            Base64.getDecoder().decode(h.getValue().get(0))));
      }
    }
    try {
      RecordMetadata md = producer.send(new ProducerRecord<>(topic, null, query.get("key"),
          value, headers)).get(30, TimeUnit.SECONDS);
      written.incrementAndGet();
      respond(ex, 200, "{\n  \"partition\": " + md.partition() + ",\n  \"offset\": "
          + md.offset() + "\n}");
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      respond(ex, cause instanceof UnknownTopicOrPartitionException ? 404 : 500,
          "{\"error\":\"" + ProxyWire.jsonEscape(String.valueOf(cause.getMessage())) + "\"}");
    }
  }

  private void rest(HttpExchange ex, String topic, byte[] body) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (!REST_TYPE.equals(type)) {
      violation(ex, 415, "{\"error_code\":415,\"message\":\"HTTP 415 Unsupported Media Type\"}",
          "REST Content-Type " + type);
      return;
    }
    if (unavailable) {
      answered503.incrementAndGet();
      respond(ex, 503, "{\"error_code\":50301,\"message\":\"Service unavailable\"}");
      return;
    }
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try {
      Map<?, ?> request = (Map<?, ?>) Json.parse(new String(body, StandardCharsets.UTF_8));
      for (Object o : (List<?>) request.get("records")) {
        Map<?, ?> r = (Map<?, ?>) o;
        byte[] key = r.get("key") == null ? null
            : Base64.getDecoder().decode((String) r.get("key"));
        byte[] value = Base64.getDecoder().decode((String) r.get("value"));
        List<Header> headers = new ArrayList<>();
        if (r.get("headers") instanceof List<?> hs) {
          for (Object h : hs) {
            Map<?, ?> hm = (Map<?, ?>) h;
            headers.add(new RecordHeader((String) hm.get("key"),
                Base64.getDecoder().decode((String) hm.get("value"))));
          }
        }
        sends.add(producer.send(new ProducerRecord<>(topic, null, key, value, headers)));
      }
    } catch (Json.MalformedJsonException | RuntimeException e) {
      violation(ex, 422, "{\"error_code\":42205,\"message\":\"Request includes data improperly "
          + "formatted\"}", "REST body: " + e);
      return;
    }
    StringBuilder out = new StringBuilder("{\"offsets\":[");
    for (int i = 0; i < sends.size(); i++) {
      out.append(i == 0 ? "" : ",");
      try {
        RecordMetadata md = sends.get(i).get(30, TimeUnit.SECONDS);
        written.incrementAndGet();
        out.append("{\"partition\":").append(md.partition()).append(",\"offset\":")
            .append(md.offset()).append(",\"error_code\":null,\"error\":null}");
      } catch (Exception e) {
        out.append("{\"partition\":null,\"offset\":null,\"error_code\":50003,\"error\":\"")
            .append(ProxyWire.jsonEscape(String.valueOf(e.getMessage()))).append("\"}");
      }
    }
    respond(ex, 200, out.append("],\"key_schema_id\":null,\"value_schema_id\":null}")
        .toString());
  }

  private void violation(HttpExchange ex, int status, String body, String what)
      throws IOException {
    violations.add(what);
    respond(ex, status, body);
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
