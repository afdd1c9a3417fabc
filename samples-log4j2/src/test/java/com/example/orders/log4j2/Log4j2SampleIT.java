package com.example.orders.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.samples.SampleKafka;
import dev.tributary.samples.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Runs the sample against an in-process broker and reads what it shipped. */
class Log4j2SampleIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyRequestArrivesInKafkaWithItsRequestIdFieldsAndErrorsWithTheirStackTrace()
      throws Exception {
    // First thing in this JVM, before anything logs: points log4j2.xml at the in-process broker.
    try (SampleKafka kafka = SampleKafka.fromSystemProperties()) {
      assertThat(kafka.inProcess()).isTrue();
      long startMs = System.currentTimeMillis();

      Log4j2Sample.Outcome outcome = Log4j2Sample.run(kafka, 60, false, 0);

      assertThat(outcome.ok()).as(outcome.summary()).isTrue();
      assertThat(outcome.check().matched()).isEqualTo(60);
      assertThat(outcome.check().errors()).isEqualTo(3);

      List<JsonNode> access = new ArrayList<>();
      List<JsonNode> errors = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : TopicReader.readSince(
          kafka.readBackServers().orElseThrow(), Log4j2Sample.TOPIC, startMs,
          Duration.ofSeconds(30))) {
        JsonNode event = JSON.readTree(r.value());
        if (event.hasNonNull("requestId")) {
          assertThat(new String(r.key(), StandardCharsets.UTF_8))
              .isEqualTo(event.get("requestId").asText());
        }
        assertThat(event.path("service").asText()).isEqualTo("orders");
        if (event.path("logger_name").asText().equals(OrdersService.ACCESS_LOGGER)) {
          access.add(event);
        } else if (event.path("level").asText().equals("ERROR")) {
          errors.add(event);
        }
      }
      assertThat(access).hasSize(60);
      assertThat(access).extracting(e -> e.path("status").asInt())
          .containsOnly(200, 201, 400, 500)
          .contains(200, 201, 400, 500);
      assertThat(access).allSatisfy(e -> {
        assertThat(e.path("status").isNumber()).isTrue();
        assertThat(e.path("latencyMs").isNumber()).isTrue();
        assertThat(e.path("message").asText()).startsWith(e.path("method").asText() + " "
            + e.path("path").asText() + " " + e.path("status").asInt());
      });
      // Every 7th request came without X-Request-Id: the service made up a UUID.
      assertThat(access).filteredOn(e -> e.path("requestId").asText().length() == 36)
          .hasSize(60 / 7);
      assertThat(errors).hasSize(3).allSatisfy(e -> assertThat(e.path("stack_trace").asText())
          .contains("IllegalStateException: inventory-service could not reserve SKU-00000")
          .contains("Caused by: java.net.SocketTimeoutException"));
    }
  }
}
