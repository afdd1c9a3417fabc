package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.TributaryRecord;
import dev.tributary.testkit.CaptureTransportProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * One bad value costs only itself: a key-value pair whose {@code toString()} throws is written
 * as SLF4J writes a message argument that throws, and the event is shipped; and no key appears
 * twice in the JSON, whatever the MDC, the key-values and the static fields hold.
 */
class EventSurvivalTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("com.acme.Checkout");

  EventSurvivalTest() {
    context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
  }

  @Test
  void aKeyValueWhoseToStringThrowsIsReplacedLikeAMessageArgument() {
    LoggingEvent e = event("paid {}", new Throwing());
    e.addKeyValuePair(new KeyValuePair("order", new Throwing()));
    e.addKeyValuePair(new KeyValuePair("amount", 42));

    JsonNode json = LogbackTesting.json(encoder().encode(e));

    assertThat(json.get("message").asText()).isEqualTo("paid [FAILED toString()]");
    assertThat(json.get("order").asText()).isEqualTo("[FAILED toString()]");
    assertThat(json.get("amount").asInt()).isEqualTo(42);
  }

  @Test
  void theAppenderShipsAnEventWithAThrowingKeyValueAndCountsNoEncodingFailure() {
    String channel = "survive-kv";
    LoggerContext ctx = LogbackTesting.configure(
        LogbackTesting.appenderXml("capture://" + channel, "t", "INFO", ""));
    ctx.getLogger("com.acme.App").atInfo().addKeyValue("order", new Throwing())
        .log("paid");
    TributaryAppender appender = LogbackTesting.appender(ctx);
    appender.stop();

    List<TributaryRecord> records = CaptureTransportProvider.channel(channel);
    assertThat(records).hasSize(1);
    JsonNode json = LogbackTesting.json(records.get(0).value());
    assertThat(json.get("message").asText()).isEqualTo("paid");
    assertThat(json.get("order").asText()).isEqualTo("[FAILED toString()]");
    assertThat(appender.encodingFailures()).isZero();
  }

  @Test
  void noKeyAppearsTwiceAndStaticFieldsWin() {
    LoggingEvent e = event("m");
    e.setMDCPropertyMap(Map.of("service", "from-mdc", "tenant", "mdc-tenant"));
    e.addKeyValuePair(new KeyValuePair("service", "from-kv"));
    e.addKeyValuePair(new KeyValuePair("tenant", "kv-tenant"));
    e.addKeyValuePair(new KeyValuePair("step", 1));
    e.addKeyValuePair(new KeyValuePair("step", 2));
    JsonEncoder enc = encoder();
    enc.addField("service=checkout");

    String text = new String(enc.encode(e), StandardCharsets.UTF_8);

    assertThat(keyCount(text, "service")).as(text).isEqualTo(1);
    assertThat(keyCount(text, "tenant")).as(text).isEqualTo(1);
    assertThat(keyCount(text, "step")).as(text).isEqualTo(1);
    JsonNode json = LogbackTesting.json(text.getBytes(StandardCharsets.UTF_8));
    assertThat(json.get("service").asText()).isEqualTo("checkout");
    assertThat(json.get("tenant").asText()).isEqualTo("mdc-tenant"); // the first one written wins
    assertThat(json.get("step").asInt()).isEqualTo(1);
  }

  private JsonEncoder encoder() {
    JsonEncoder e = new JsonEncoder();
    e.setContext(context);
    e.start();
    return e;
  }

  private LoggingEvent event(String message, Object... args) {
    return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, args);
  }

  private static int keyCount(String json, String key) {
    Matcher m = Pattern.compile(Pattern.quote("\"" + key + "\":")).matcher(json);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** A value whose toString() throws, as a lazily formatted domain object may. */
  private static final class Throwing {
    @Override
    public String toString() {
      throw new IllegalStateException("not loaded");
    }
  }
}
