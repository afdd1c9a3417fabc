package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

class TributaryJsonLayoutTest {
  /** 2026-11-22T05:23:15.123Z */
  private static final long TIME = 1_795_324_995_123L;

  @Test
  void writesLogstashFieldNamesInLogstashOrder() {
    TributaryJsonLayout layout = layout().setFields(Field.of("service", "checkout"))
        .buildOrThrow();
    Marker audit = MarkerManager.getMarker("AUDIT").setParents(MarkerManager.getMarker("SECURITY"));
    LogEvent event = event(Level.INFO, new SimpleMessage("paid"))
        .setContextData(context(Map.of("tenant", "acme")))
        .setMarker(audit)
        .build();

    assertThat(text(layout, event)).isEqualTo("{\"@timestamp\":\"2026-11-22T05:23:15.123Z\","
        + "\"@version\":\"1\",\"message\":\"paid\",\"logger_name\":\"com.acme.Pay\","
        + "\"thread_name\":\"http-7\",\"level\":\"INFO\",\"level_value\":20000,"
        + "\"tenant\":\"acme\",\"tags\":[\"AUDIT\",\"SECURITY\"],\"service\":\"checkout\"}");
  }

  @Test
  void timestampCarriesTheZoneOffset() {
    TributaryJsonLayout layout = layout().setTimeZone("+02:00").buildOrThrow();
    Map<String, Object> json = json(layout, event(Level.INFO, new SimpleMessage("x")).build());
    assertThat(json.get("@timestamp")).isEqualTo("2026-11-22T07:23:15.123+02:00");
  }

  @Test
  void escapesEveryStringAndAlwaysWritesValidUtf8() throws Exception {
    String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 ünïcödé ✓ 😀 lone \uD800!";
    TributaryJsonLayout layout = layout().buildOrThrow();
    LogEvent event = event(Level.WARN, new SimpleMessage(nasty))
        .setThreadName("thread \"1\"")
        .setContextData(context(Map.of("k\"ey", "v\nal")))
        .build();

    byte[] bytes = layout.toByteArray(event);
    strictUtf8(bytes);
    Map<String, Object> json = TestLogging.json(bytes);
    assertThat(json.get("message")).isEqualTo(nasty.replace('\uD800', '\uFFFD'));
    assertThat(json.get("thread_name")).isEqualTo("thread \"1\"");
    assertThat(json.get("k\"ey")).isEqualTo("v\nal");
  }

  @Test
  void formatsParameterizedMessages() {
    Map<String, Object> json = json(layout().buildOrThrow(),
        event(Level.INFO, new ParameterizedMessage("order {} paid by {}", 42, "ann")).build());
    assertThat(json.get("message")).isEqualTo("order 42 paid by ann");
  }

  @Test
  void writesTheStackTraceWithCausesLikeLogback() {
    Exception inner = new IOException("disk gone");
    Exception outer = new IllegalStateException("could not save", inner);
    outer.addSuppressed(new RuntimeException("cleanup failed"));
    Map<String, Object> json = json(layout().buildOrThrow(),
        event(Level.ERROR, new SimpleMessage("boom")).setThrown(outer).build());

    String trace = (String) json.get("stack_trace");
    assertThat(trace).startsWith("java.lang.IllegalStateException: could not save\n\tat ")
        .contains("\n\tSuppressed: java.lang.RuntimeException: cleanup failed\n\t\tat ")
        .contains("\nCaused by: java.io.IOException: disk gone\n\tat ")
        .contains(" common frames omitted\n")
        .endsWith("\n");
    assertThat(json.get("level_value")).isEqualTo(40000);
  }

  @Test
  void shortensStackTracesByDepthAndLength() {
    Exception e = new IllegalStateException("deep", new IOException("cause"));
    Map<String, Object> byDepth = json(layout().setMaxStackTraceDepth("1").buildOrThrow(),
        event(Level.ERROR, new SimpleMessage("x")).setThrown(e).build());
    assertThat((String) byDepth.get("stack_trace")).contains(" frames truncated\n")
        .contains("Caused by: java.io.IOException: cause");

    Map<String, Object> byLength = json(layout().setMaxStackTraceLength("120").buildOrThrow(),
        event(Level.ERROR, new SimpleMessage("x")).setThrown(e).build());
    assertThat((String) byLength.get("stack_trace")).hasSize(120).endsWith("...[truncated]");
  }

  @Test
  void mapMessageEntriesBecomeFieldsAndItsMessageEntryTheMessage() {
    Message map = new StringMapMessage().with("message", "checkout done").with("orderId", "42");
    Map<String, Object> json = json(layout().buildOrThrow(), event(Level.INFO, map).build());
    assertThat(json).containsEntry("message", "checkout done").containsEntry("orderId", "42");
  }

  @Test
  void contextEntriesNeverShadowStandardOrStaticFields() {
    TributaryJsonLayout layout = layout().setFields(Field.of("service", "checkout"))
        .buildOrThrow();
    String text = text(layout, event(Level.INFO, new SimpleMessage("real"))
        .setContextData(context(Map.of("message", "fake", "service", "fake", "user", "ann")))
        .build());

    assertThat(text).doesNotContain("fake").contains("\"user\":\"ann\"");
    assertThat(text.split("\"message\"", -1)).hasSize(2);
  }

  @Test
  void aMapMessageValueWhoseToStringThrowsIsReplacedLikeAMessageArgument() {
    Message map = new MapMessage<>().with("order", new Throwing()).with("amount", 42);
    LogEvent event = event(Level.INFO, map).build();

    Map<String, Object> json = json(layout().buildOrThrow(), event);

    assertThat((String) json.get("order")).startsWith("[!!!")
        .endsWith("=>java.lang.IllegalStateException:not loaded!!!]");
    assertThat(json.get("amount")).isEqualTo(42);
    assertThat((String) json.get("message")).contains("amount=\"42\"");
  }

  @Test
  void noKeyAppearsTwiceAcrossContextMapMessageAndStaticFields() {
    TributaryJsonLayout layout = layout().setFields(Field.of("service", "checkout"))
        .buildOrThrow();
    Message map = new StringMapMessage().with("tenant", "from-map").with("service", "from-map");
    String text = text(layout, event(Level.INFO, map)
        .setContextData(context(Map.of("tenant", "from-context")))
        .build());

    assertThat(text.split("\"tenant\":", -1)).as(text).hasSize(2);
    assertThat(text.split("\"service\":", -1)).as(text).hasSize(2);
    assertThat(TestLogging.json(text.getBytes(StandardCharsets.UTF_8)))
        .containsEntry("tenant", "from-context").containsEntry("service", "checkout");
  }

  /** A value whose toString() throws, as a lazily formatted domain object may. */
  private static final class Throwing {
    @Override
    public String toString() {
      throw new IllegalStateException("not loaded");
    }
  }

  @Test
  void mapsLevelsOntoLogbackLevelValues() {
    assertThat(LevelValues.of(Level.TRACE)).isEqualTo(5000);
    assertThat(LevelValues.of(Level.DEBUG)).isEqualTo(10000);
    assertThat(LevelValues.of(Level.INFO)).isEqualTo(20000);
    assertThat(LevelValues.of(Level.WARN)).isEqualTo(30000);
    assertThat(LevelValues.of(Level.ERROR)).isEqualTo(40000);
    assertThat(LevelValues.of(Level.FATAL)).isEqualTo(50000);
    assertThat(LevelValues.of(Level.forName("NOTICE", 350))).isEqualTo(25000);
    assertThat(LevelValues.of(Level.ALL)).isEqualTo(5000);
    Map<String, Object> json = json(layout().buildOrThrow(),
        event(Level.FATAL, new SimpleMessage("x")).build());
    assertThat(json).containsEntry("level", "FATAL").containsEntry("level_value", 50000);
  }

  @Test
  void optionalPartsCanBeLeftOut() {
    TributaryJsonLayout layout = layout().setIncludeVersion("false")
        .setIncludeThreadContext("false").setIncludeTags("false").setIncludeKeyValues("false")
        .setAppendNewline("true").buildOrThrow();
    String text = text(layout, event(Level.INFO, new StringMapMessage().with("k", "v"))
        .setContextData(context(Map.of("tenant", "acme")))
        .setMarker(MarkerManager.getMarker("AUDIT"))
        .build());
    assertThat(text).doesNotContain("@version", "tenant", "tags", "\"k\"").endsWith("}\n");
  }

  @Test
  void rejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> layout().setFields(Field.of("message", "x")).buildOrThrow())
        .isInstanceOf(TributaryConfigException.class).hasMessageContaining("'Field'");
    assertThatThrownBy(() -> layout().setTimeZone("Mars/Olympus").buildOrThrow())
        .isInstanceOf(TributaryConfigException.class).hasMessageContaining("'timeZone'");
    assertThatThrownBy(() -> layout().setMaxStackTraceLength("10").buildOrThrow())
        .isInstanceOf(TributaryConfigException.class).hasMessageContaining("'maxStackTraceLength'");
    assertThatThrownBy(() -> layout().setIncludeTags("yes").buildOrThrow())
        .isInstanceOf(TributaryConfigException.class).hasMessageContaining("'includeTags'");
    assertThat(layout().setTimeZone("nowhere").build()).isNull();
  }

  private static TributaryJsonLayout.Builder layout() {
    return TributaryJsonLayout.newBuilder().setTimeZone("UTC");
  }

  private static Log4jLogEvent.Builder event(Level level, Message message) {
    return Log4jLogEvent.newBuilder().setLoggerName("com.acme.Pay").setLevel(level)
        .setMessage(message).setThreadName("http-7").setTimeMillis(TIME);
  }

  private static SortedArrayStringMap context(Map<String, String> entries) {
    SortedArrayStringMap map = new SortedArrayStringMap();
    entries.forEach(map::putValue);
    return map;
  }

  private static String text(TributaryJsonLayout layout, LogEvent event) {
    return new String(layout.toByteArray(event), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> json(TributaryJsonLayout layout, LogEvent event) {
    return TestLogging.json(layout.toByteArray(event));
  }

  private static void strictUtf8(byte[] bytes) throws CharacterCodingException {
    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
  }
}
