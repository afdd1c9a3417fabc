package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.internal.json.IsoTimestampFormatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;

class JsonEncoderTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("com.acme.Checkout");

  JsonEncoderTest() {
    context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
  }

  private JsonEncoder encoder(java.util.function.Consumer<JsonEncoder> settings) {
    JsonEncoder e = new JsonEncoder();
    e.setContext(context);
    settings.accept(e);
    e.start();
    return e;
  }

  private LoggingEvent event(Level level, String message, Throwable t, Object... args) {
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, level, message, t, args);
    e.setThreadName("worker-1");
    return e;
  }

  @Test
  void writesLogstashFieldNamesInLogstashOrder() {
    LoggingEvent e = event(Level.WARN, "paid {} for {}", null, 42, "order-7");
    e.setTimeStamp(Instant.parse("2026-11-22T05:23:15.123Z").toEpochMilli());
    e.setMDCPropertyMap(Map.of("requestId", "f3a9"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("amount", 42));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("express", true));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("sku", "SKU-1"));
    e.addMarker(MarkerFactory.getMarker("AUDIT"));

    JsonEncoder enc = encoder(x -> {
      x.setTimeZone("UTC");
      x.addField("service=checkout");
    });
    String text = new String(enc.encode(e), StandardCharsets.UTF_8);

    assertThat(text).isEqualTo("{\"@timestamp\":\"2026-11-22T05:23:15.123Z\",\"@version\":\"1\","
        + "\"message\":\"paid 42 for order-7\",\"logger_name\":\"com.acme.Checkout\","
        + "\"thread_name\":\"worker-1\",\"level\":\"WARN\",\"level_value\":30000,"
        + "\"requestId\":\"f3a9\",\"amount\":42,\"express\":true,\"sku\":\"SKU-1\","
        + "\"tags\":[\"AUDIT\"],\"service\":\"checkout\"}");
  }

  @Test
  void escapesEveryStringAndReplacesUnpairedSurrogates() throws Exception {
    String nasty = "q\"b\\s/\n\r\t\b\f\u0001\u001f é 日本 😀 lone:\uD800 end";
    LoggingEvent e = event(Level.INFO, nasty, null);
    e.setMDCPropertyMap(Map.of("k\"ey\n", nasty));

    byte[] bytes = encoder(x -> {}).encode(e);
    JsonNode json = LogbackTesting.json(bytes);

    String expected = nasty.replace('\uD800', '\uFFFD');
    assertThat(json.get("message").asText()).isEqualTo(expected);
    assertThat(json.get("k\"ey\n").asText()).isEqualTo(expected);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\\u0001", "\\u001f", "\\b",
        "\\f", "😀");
    assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
        .toString()).isNotEmpty(); // strict decoding: always valid UTF-8
  }

  @Test
  void writesStackTraceWithCauseLikeLogback() throws Exception {
    IOException cause = new IOException("disk gone");
    IllegalStateException top = new IllegalStateException("could not save", cause);
    top.addSuppressed(new IllegalArgumentException("also this"));

    JsonNode json = LogbackTesting.json(encoder(x -> {}).encode(event(Level.ERROR, "boom", top)));

    String trace = json.get("stack_trace").asText();
    assertThat(trace).startsWith("java.lang.IllegalStateException: could not save\n\tat ");
    assertThat(trace).contains("\n\tSuppressed: java.lang.IllegalArgumentException: also this\n");
    assertThat(trace).contains("\nCaused by: java.io.IOException: disk gone\n\tat ");
    assertThat(trace).contains("common frames omitted");
    assertThat(trace).contains(JsonEncoderTest.class.getName());
  }

  @Test
  void shortensStackTracesByDepthAndLength() {
    Exception deep = recurse(60);
    JsonNode byDepth = LogbackTesting.json(encoder(x -> x.setMaxStackTraceDepth(3))
        .encode(event(Level.ERROR, "deep", deep)));
    String trace = byDepth.get("stack_trace").asText();
    assertThat(trace.lines().filter(l -> l.startsWith("\tat "))).hasSize(3);
    assertThat(trace).contains("frames truncated");

    JsonNode byLength = LogbackTesting.json(encoder(x -> x.setMaxStackTraceLength(200))
        .encode(event(Level.ERROR, "deep", deep)));
    assertThat(byLength.get("stack_trace").asText()).hasSize(200).endsWith("...[truncated]");
  }

  private static Exception recurse(int n) {
    return n == 0 ? new RuntimeException("bottom") : recurse(n - 1);
  }

  @Test
  void timestampMatchesIsoOffsetDateTimeAcrossZonesAndDaylightSavingChanges() {
    SplittableRandom random = new SplittableRandom(42);
    List<Long> instants = new ArrayList<>(List.of(0L, 999L, -1L, -1001L,
        Instant.parse("2026-03-29T00:59:59.999Z").toEpochMilli(), // just before CET -> CEST
        Instant.parse("2026-03-29T01:00:00.000Z").toEpochMilli(),
        Instant.parse("2026-10-25T00:59:59.500Z").toEpochMilli(), // CEST -> CET
        Instant.parse("2026-10-25T01:00:00.001Z").toEpochMilli()));
    for (int i = 0; i < 2_000; i++) {
      instants.add(random.nextLong(-2_000_000_000_000L, 4_000_000_000_000L));
    }
    DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXXXX");
    for (String zone : List.of("UTC", "Europe/Paris", "America/St_Johns", "Asia/Kolkata")) {
      ZoneId id = ZoneId.of(zone);
      IsoTimestampFormatter ts = new IsoTimestampFormatter(id);
      for (long millis : instants) {
        StringBuilder out = new StringBuilder();
        ts.formatTo(millis, out);
        assertThat(out.toString()).as("%s at %d", zone, millis)
            .isEqualTo(reference.format(Instant.ofEpochMilli(millis).atZone(id)));
      }
    }
  }

  @Test
  void standardFieldsWinOverMdcAndKeyValuesOfTheSameName() {
    LoggingEvent e = event(Level.INFO, "real", null);
    e.setMDCPropertyMap(Map.of("message", "fake", "level", "fake"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("logger_name", "fake"));

    String text = new String(encoder(x -> {}).encode(e), StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("fake");
    assertThat(LogbackTesting.json(text.getBytes(StandardCharsets.UTF_8)).get("message")
        .asText()).isEqualTo("real");
  }

  @Test
  void optionalPartsCanBeTurnedOff() {
    LoggingEvent e = event(Level.DEBUG, "m", null);
    e.setMDCPropertyMap(Map.of("a", "b"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("k", 1));
    e.addMarker(MarkerFactory.getMarker("M"));

    String text = new String(encoder(x -> {
      x.setIncludeVersion(false);
      x.setIncludeMdc(false);
      x.setIncludeKeyValues(false);
      x.setIncludeTags(false);
      x.setAppendNewline(true);
    }).encode(e), StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("@version", "\"a\"", "\"k\"", "tags").endsWith("}\n");
  }

  @Test
  void badSettingsAreReportedAndLeaveTheEncoderStopped() {
    JsonEncoder zone = encoder(x -> x.setTimeZone("Mars/Olympus"));
    JsonEncoder reserved = encoder(x -> x.addField("message=nope"));

    assertThat(zone.isStarted()).isFalse();
    assertThat(reserved.isStarted()).isTrue(); // a refused field is reported, the rest works
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(s -> s.getLevel() == Status.ERROR)
        .extracting(Status::getMessage)
        .anySatisfy(m -> assertThat(m).contains("'timeZone'", "Mars/Olympus"))
        .anySatisfy(m -> assertThat(m).contains("'field'", "message=nope"));
  }
}
