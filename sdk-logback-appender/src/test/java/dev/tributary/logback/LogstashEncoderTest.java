package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.TributaryRecord;
import dev.tributary.testkit.CaptureTransportProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Any Logback encoder can replace JsonEncoder: logstash-logback-encoder's LogstashEncoder. */
class LogstashEncoderTest {

  @Test
  void logstashEncoderReplacesTheDefaultEncoder() {
    String channel = "logstash";
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://" + channel, "t", "INFO",
        "    <encoder class=\"net.logstash.logback.encoder.LogstashEncoder\">\n"
            + "      <customFields>{\"service\":\"checkout\"}</customFields>\n"
            + "    </encoder>\n"));
    try {
      MDC.put("requestId", "r-1");
      ctx.getLogger("com.acme.App").atInfo().addKeyValue("amount", 42)
          .log("paid in €, ünïcödé");
    } finally {
      MDC.clear();
    }
    TributaryAppender appender = LogbackTesting.appender(ctx);
    assertThat(appender.getEncoder().getClass().getSimpleName()).isEqualTo("LogstashEncoder");
    appender.stop();

    List<TributaryRecord> records = CaptureTransportProvider.channel(channel);
    assertThat(records).hasSize(1);
    JsonNode json = LogbackTesting.json(records.get(0).value());
    assertThat(json.get("message").asText()).isEqualTo("paid in €, ünïcödé");
    assertThat(json.get("logger_name").asText()).isEqualTo("com.acme.App");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("requestId").asText()).isEqualTo("r-1");
    assertThat(json.get("service").asText()).isEqualTo("checkout");
    assertThat(json.has("@timestamp")).isTrue();
  }
}
