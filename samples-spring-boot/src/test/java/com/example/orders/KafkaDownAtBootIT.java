package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.InProcessKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Boot configures Logback, and so starts the appender, before any bean exists; in production
 * the cluster may well be unreachable then. The app must start and serve anyway, and the events
 * must arrive once Kafka is there.
 */
class KafkaDownAtBootIT {
  private static final String TOPIC = "orders-logs";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void appStartsAndServesWithKafkaDownAndItsEventsArriveOnceKafkaIsUp() throws Exception {
    String id = "late-" + UUID.randomUUID();
    // A known port with nothing listening yet; no auto-creation, so the topic exists only once
    // created below and the producer waits for it rather than racing the creation.
    try (InProcessKafka kafka = InProcessKafka.builder()
        .brokerPort(0, InProcessKafka.freePort())
        .brokerConfig("auto.create.topics.enable", "false")
        .build()) {
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OrdersApplication.class)
          .main(OrdersApplication.class)
          .run("--server.port=0", "--tributary.destination=kafka://" + kafka.bootstrapServers())) {
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/9"))
                .header(RequestIdFilter.HEADER, id).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        kafka.start();
        kafka.createTopic(TOPIC, 1);
        List<ConsumerRecord<byte[], byte[]>> records;
        try (LogTopicReader reader =
            LogTopicReader.fromBeginning(kafka.bootstrapServers(), TOPIC, TIMEOUT)) {
          records = reader.readUntil(r -> id.equals(LogTopicReader.key(r)), 2, TIMEOUT);
        }
        assertThat(records).extracting(LogTopicReader::value)
            .anySatisfy(v -> assertThat(v).contains("\"message\":\"Starting OrdersApplication"))
            .filteredOn(v -> v.contains("\"requestId\":\"" + id + "\""))
            .hasSize(2);
      }
    }
  }
}
