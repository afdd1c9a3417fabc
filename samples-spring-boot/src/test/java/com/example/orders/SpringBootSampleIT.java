package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.logback.TributaryAppender;
import dev.tributary.testkit.KafkaClusterExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Boots the sample app on a random port against a real in-process Kafka, exactly as configured
 * by its {@code application.yml} and {@code logback-spring.xml} (only the destination and the
 * port are overridden), and checks what reaches the topic.
 */
class SpringBootSampleIT {
  // The values application.yml sets.
  private static final String TOPIC = "orders-logs";
  private static final String SERVICE = "orders-service";
  private static final String ENVIRONMENT = "prod";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);

  @BeforeAll
  static void createTopic() {
    // One partition, so the topic's order is the order in which records were acknowledged.
    KAFKA.kafka().createTopic(TOPIC, 1);
  }

  @Test
  void shipsRequestEventsWithTheFieldsFromApplicationYmlAndTheRequestId() throws Exception {
    String given = "it-" + UUID.randomUUID();
    String generated;
    List<ConsumerRecord<byte[], byte[]>> records;
    try (ConfigurableApplicationContext app = start()) {
      assertThat(get(app, "/orders/42", given).headers().firstValue(RequestIdFilter.HEADER))
          .contains(given);
      HttpResponse<String> anonymous = get(app, "/orders/43", null);
      assertThat(anonymous.statusCode()).isEqualTo(200);
      generated = anonymous.headers().firstValue(RequestIdFilter.HEADER).orElseThrow();
      records = readUntil(Set.of(given, generated), 4);
    }

    List<JsonNode> ofGiven = events(records, given);
    assertThat(ofGiven).extracting(e -> e.path("message").asText())
        .containsExactly("Looked up order 42", "GET /orders/42 -> 200");
    assertThat(ofGiven).allSatisfy(e -> {
      assertThat(e.path("service").asText()).isEqualTo(SERVICE);
      assertThat(e.path("environment").asText()).isEqualTo(ENVIRONMENT);
      assertThat(e.path("requestId").asText()).isEqualTo(given);
    });
    assertThat(ofGiven.get(0).path("orderId").asText()).isEqualTo("42");
    assertThat(ofGiven.get(0).path("logger_name").asText())
        .isEqualTo(OrderController.class.getName());
    assertThat(ofGiven.get(1).path("status").asInt()).isEqualTo(200);

    assertThat(UUID.fromString(generated)).isNotNull();
    assertThat(events(records, generated)).hasSize(2)
        .allSatisfy(e -> assertThat(e.path("requestId").asText()).isEqualTo(generated));

    // Logged while Boot was starting, before any bean existed: the appender was already up.
    assertThat(records.stream().map(SpringBootSampleIT::json))
        .anySatisfy(e -> {
          assertThat(e.path("message").asText()).startsWith("Starting OrdersApplication");
          assertThat(e.path("service").asText()).isEqualTo(SERVICE);
          assertThat(e.has("requestId")).isFalse();
        });
  }

  @Test
  void localProfileLogsToTheConsoleOnly() throws Exception {
    String localId = "local-" + UUID.randomUUID();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (ConfigurableApplicationContext app = start("--spring.profiles.active=local")) {
      assertThat(rootAppenders()).extracting(Appender::getName).containsExactly("CONSOLE");
      assertThat(allAppenders()).noneMatch(a -> a instanceof TributaryAppender);
      PrintStream out = System.out;
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      try {
        assertThat(get(app, "/orders/7", localId).statusCode()).isEqualTo(200);
      } finally {
        System.setOut(out);
      }
    }
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("[" + localId + "]").contains("Looked up order 7");

    // Had the local app shipped anything, it was delivered before the next app starts: Boot
    // stops the previous appenders when it configures Logback again, and stop() delivers what
    // is buffered. So everything it could have sent precedes this app's events in the topic.
    String prodId = "prod-" + UUID.randomUUID();
    List<ConsumerRecord<byte[], byte[]>> records;
    try (ConfigurableApplicationContext app = start()) {
      assertThat(get(app, "/orders/8", prodId).statusCode()).isEqualTo(200);
      records = readUntil(Set.of(prodId), 2);
    }
    assertThat(events(records, prodId)).hasSize(2);
    assertThat(records).extracting(LogTopicReader::key).doesNotContain(localId);
    assertThat(records.stream().map(SpringBootSampleIT::json))
        .noneMatch(e -> e.path("environment").asText().equals("local"));
  }

  private static ConfigurableApplicationContext start(String... extraArgs) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0", "--tributary.destination=kafka://" + KAFKA.bootstrapServers()));
    args.addAll(List.of(extraArgs));
    return new SpringApplicationBuilder(OrdersApplication.class)
        .main(OrdersApplication.class)
        .run(args.toArray(String[]::new));
  }

  private static HttpResponse<String> get(ConfigurableApplicationContext app, String path,
      String requestId) throws IOException, InterruptedException {
    int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    if (requestId != null) {
      request.header(RequestIdFilter.HEADER, requestId);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The whole topic, read until {@code count} records keyed by one of {@code keys} arrived. */
  private static List<ConsumerRecord<byte[], byte[]>> readUntil(Set<String> keys, int count) {
    try (LogTopicReader reader =
        LogTopicReader.fromBeginning(KAFKA.bootstrapServers(), TOPIC, TIMEOUT)) {
      return reader.readUntil(r -> r.key() != null && keys.contains(LogTopicReader.key(r)), count,
          TIMEOUT);
    }
  }

  private static List<JsonNode> events(List<ConsumerRecord<byte[], byte[]>> records, String key) {
    return records.stream()
        .filter(r -> key.equals(LogTopicReader.key(r)))
        .map(SpringBootSampleIT::json)
        .toList();
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.readTree(record.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LoggerContext logback() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  private static List<Appender<?>> rootAppenders() {
    List<Appender<?>> appenders = new ArrayList<>();
    logback().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders()
        .forEachRemaining(appenders::add);
    return appenders;
  }

  private static Stream<Appender<?>> allAppenders() {
    return logback().getLoggerList().stream()
        .flatMap(logger -> StreamSupport.stream(
            ((Iterable<Appender<ch.qos.logback.classic.spi.ILoggingEvent>>)
                logger::iteratorForAppenders).spliterator(), false));
  }
}
