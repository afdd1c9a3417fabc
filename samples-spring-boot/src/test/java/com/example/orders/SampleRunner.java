package com.example.orders;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.tributary.testkit.InProcessKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The Spring Boot sample in one command: starts {@link OrdersApplication} on a free port, sends
 * it a few requests, reads the events they logged back from Kafka and prints them.
 *
 * <pre>{@code
 * ./mvnw -q -pl samples-spring-boot -am package exec:exec -DskipTests
 * ./mvnw -q -pl samples-spring-boot -am package exec:exec -DskipTests -Dtributary.destination=kafka://host:9092
 * }</pre>
 *
 * <p>Without a {@code tributary.destination} (argument {@code --tributary.destination=...} or
 * system property) it starts a Kafka broker in this JVM, creates the topic named in
 * {@code application.yml} and points the app at it; with one, it uses that cluster, and reads
 * back from the destination's {@code kafka://} hosts (or {@code --tributary.sample.read-from=
 * host:9092} when the destination is a proxy). Other arguments go to the app unchanged.
 *
 * <p>Exits 0 when every request succeeded and its events were read back, 1 when not, 2 on an
 * error.
 */
public final class SampleRunner {
  private static final String DESTINATION = "tributary.destination";
  private static final String READ_FROM = "tributary.sample.read-from";
  private static final int REQUESTS = 3;
  /** The controller's event and the request-id filter's access event. */
  private static final int EVENTS_PER_REQUEST = 2;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private SampleRunner() {}

  /** Arguments: Spring Boot's, e.g. {@code --tributary.destination=kafka://host:9092}. */
  public static void main(String[] args) {
    // Until Boot configures Logback from logback-spring.xml, Logback's fallback prints every
    // DEBUG line of the in-process broker's start.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.ERROR);
    int code;
    try {
      code = run(args);
    } catch (Exception e) {
      e.printStackTrace();
      code = 2;
    }
    System.out.flush();
    // Kafka's server code may leave non-daemon threads behind; do not wait for them.
    System.exit(code);
  }

  private static int run(String[] args) throws Exception {
    List<String> appArgs = new ArrayList<>(List.of(args));
    appArgs.add("--server.port=0");
    // The in-process broker logs at INFO under these names; the app's config knows nothing of it.
    appArgs.add("--logging.level.kafka=WARN");
    appArgs.add("--logging.level.state.change.logger=WARN");
    String destination = givenDestination(args);
    InProcessKafka kafka = null;
    if (destination == null) {
      kafka = InProcessKafka.builder().build();
      kafka.start();
      destination = "kafka://" + kafka.bootstrapServers();
      appArgs.add("--" + DESTINATION + "=" + destination);
    }
    try {
      SpringApplication app = new SpringApplication(OrdersApplication.class);
      app.setMainApplicationClass(OrdersApplication.class);
      if (kafka != null) {
        app.addListeners(new CreateTopic(kafka));
      }
      try (ConfigurableApplicationContext context = app.run(appArgs.toArray(String[]::new))) {
        return driveAndReadBack(context.getEnvironment(), destination);
      }
    } finally {
      // Stops the appender while Kafka is still up, so what the app logged on close is delivered.
      ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  private static int driveAndReadBack(Environment env, String destination) throws Exception {
    String topic = env.getRequiredProperty("tributary.topic");
    String readFrom = env.getProperty(READ_FROM);
    if (readFrom == null) {
      readFrom = bootstrapServersOf(destination);
    }
    int port = env.getRequiredProperty("local.server.port", Integer.class);
    System.out.printf("%nSpring Boot sample: %s on http://127.0.0.1:%d, shipping to %s, topic %s%n",
        env.getProperty("spring.application.name"), port, destination, topic);

    try (LogTopicReader reader = LogTopicReader.fromEnd(readFrom, topic, READ_TIMEOUT)) {
      Set<String> ids = new LinkedHashSet<>();
      boolean allOk = drive(port, ids);
      int expected = ids.size() * EVENTS_PER_REQUEST;
      List<ConsumerRecord<byte[], byte[]>> ours = reader
          .readUntil(r -> ids.contains(LogTopicReader.key(r)), expected, READ_TIMEOUT)
          .stream()
          .filter(r -> ids.contains(LogTopicReader.key(r)))
          .toList();
      System.out.printf("Read back %d of %d events from topic %s (key = request id):%n",
          ours.size(), expected, topic);
      ours.forEach(r -> System.out.printf("  %s  %s%n", LogTopicReader.key(r),
          LogTopicReader.value(r)));
      return allOk && ours.size() == expected ? 0 : 1;
    }
  }

  /** Sends the requests, each with its own request id (added to {@code ids}); true if all 200. */
  private static boolean drive(int port, Set<String> ids) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String run = UUID.randomUUID().toString().substring(0, 8);
    boolean allOk = true;
    for (int i = 1; i <= REQUESTS; i++) {
      String id = "sample-" + run + "-" + i;
      int order = 1000 + i;
      HttpRequest request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/orders/" + order))
          .header(RequestIdFilter.HEADER, id)
          .timeout(Duration.ofSeconds(10))
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      System.out.printf("  GET /orders/%d -> %d %s  (%s: %s)%n", order, response.statusCode(),
          response.body(), RequestIdFilter.HEADER, id);
      ids.add(id);
      allOk &= response.statusCode() == 200;
    }
    return allOk;
  }

  /** The destination from the arguments or a system property; null when neither is set. */
  private static String givenDestination(String[] args) {
    String prefix = "--" + DESTINATION + "=";
    String given = System.getProperty(DESTINATION);
    for (String arg : args) {
      if (arg.startsWith(prefix)) {
        given = arg.substring(prefix.length());
      }
    }
    return given == null || given.isBlank() ? null : given;
  }

  private static String bootstrapServersOf(String destination) {
    if (destination.startsWith("kafka://")) {
      return destination.substring("kafka://".length());
    }
    throw new IllegalArgumentException("Destination " + destination + " is a proxy; say where"
        + " to read the records back from Kafka with --" + READ_FROM + "=host:9092");
  }

  /**
   * Creates the app's topic in the in-process broker once {@code application.yml} is read and
   * before Boot configures logging, so the appender's first record finds it.
   */
  private static final class CreateTopic
      implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {
    private final InProcessKafka kafka;

    CreateTopic(InProcessKafka kafka) {
      this.kafka = kafka;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
      kafka.createTopic(event.getEnvironment().getRequiredProperty("tributary.topic"), 1);
    }

    @Override
    public int getOrder() {
      return LoggingApplicationListener.DEFAULT_ORDER - 1;
    }
  }
}
