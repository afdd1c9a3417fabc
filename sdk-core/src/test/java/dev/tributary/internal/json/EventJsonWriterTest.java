package dev.tributary.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.internal.appender.FakeEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The event JSON both appenders write, read through a fake event view. */
class EventJsonWriterTest {
  private static final EventJsonFormat UTC = EventJsonFormat.builder().timeZone("UTC").build();

  private static String json(EventJsonFormat format, FakeEvent event) {
    return new String(new EventJsonWriter<>(format, FakeEvent.VIEW, true).encode(event),
        StandardCharsets.UTF_8);
  }

  @Test
  void writesLogstashFieldsInOrderThenContextKeyValuesTagsAndStaticFields() {
    FakeEvent e = FakeEvent.info("com.acme.Pay", "paid").with(Map.of("tenant", "acme"),
        List.of(Map.entry("amount", 42), Map.entry("express", true), Map.entry("ratio", 0.5)))
        .tagged(Map.of("AUDIT", List.of("SECURITY")));
    EventJsonFormat format = EventJsonFormat.builder().timeZone("UTC")
        .field("field", "service", "checkout").build();

    assertThat(json(format, e)).isEqualTo("{\"@timestamp\":\"2026-11-22T05:23:15.123Z\","
        + "\"@version\":\"1\",\"message\":\"paid\",\"logger_name\":\"com.acme.Pay\","
        + "\"thread_name\":\"main\",\"level\":\"INFO\",\"level_value\":20000,"
        + "\"tenant\":\"acme\",\"amount\":42,\"express\":true,\"ratio\":0.5,"
        + "\"tags\":[\"AUDIT\",\"SECURITY\"],\"service\":\"checkout\"}");
  }

  @Test
  void noNameIsWrittenTwice() {
    List<Map.Entry<String, Object>> kvs = new ArrayList<>();
    kvs.add(Map.entry("service", "kv"));
    kvs.add(Map.entry("tenant", "kv"));
    kvs.add(Map.entry("step", 1));
    kvs.add(Map.entry("step", 2));
    kvs.add(Map.entry("message", "fake"));
    FakeEvent e = FakeEvent.info("l", "real").with(Map.of("service", "mdc", "tenant", "mdc",
        "level", "fake"), kvs);
    EventJsonFormat format = EventJsonFormat.builder().timeZone("UTC")
        .field("field", "service", "static").build();

    String text = json(format, e);

    assertThat(text).doesNotContain("fake").contains("\"tenant\":\"mdc\"", "\"step\":1",
        "\"service\":\"static\"");
    for (String name : List.of("service", "tenant", "step", "message", "level")) {
      assertThat(text.split("\"" + name + "\":", -1)).as(name + " in " + text).hasSize(2);
    }
  }

  @Test
  void manyFieldsStillGetWrittenOnceEach() {
    Map<String, String> context = new LinkedHashMap<>();
    List<Map.Entry<String, Object>> kvs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      context.put("k" + i, "c");
      kvs.add(Map.entry("k" + (i + 100), "v"));
    }
    String text = json(UTC, FakeEvent.info("l", "m").with(context, kvs));
    for (int i = 0; i < 300; i++) {
      assertThat(text.split("\"k" + i + "\":", -1)).as("k" + i).hasSize(2);
    }
  }

  @Test
  void aValueWhoseToStringThrowsIsReplacedAndTheRestIsWritten() {
    Object bad = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("lazy");
      }
    };
    Object nullText = new Object() {
      @Override
      public String toString() {
        return null;
      }
    };
    FakeEvent e = FakeEvent.info("l", "m").with(Map.of(),
        List.of(Map.entry("bad", bad), Map.entry("none", nullText), Map.entry("ok", "yes")));

    assertThat(json(UTC, e)).contains("\"bad\":\"[FAILED: lazy]\",\"none\":null,\"ok\":\"yes\"");
  }

  @Test
  void tagsAreWrittenOnceEvenWhenMarkersReferEachOther() {
    Map<String, List<String>> cyclic = new LinkedHashMap<>();
    cyclic.put("A", List.of("B"));
    cyclic.put("B", List.of("A", "C"));
    assertThat(json(UTC, FakeEvent.info("l", "m").tagged(cyclic)))
        .contains("\"tags\":[\"A\",\"B\",\"C\"]");
    assertThat(json(UTC, FakeEvent.info("l", "m"))).doesNotContain("tags");
  }

  @Test
  void aReentrantEncodeGetsBuffersOfItsOwn() {
    AtomicReference<EventJsonWriter<FakeEvent>> writer = new AtomicReference<>();
    AtomicReference<String> inner = new AtomicReference<>();
    Object logsWhileFormatted = new Object() {
      @Override
      public String toString() {
        inner.set(new String(writer.get().encode(FakeEvent.info("inner", "nested")),
            StandardCharsets.UTF_8));
        return "outer-value";
      }
    };
    for (boolean threadLocals : new boolean[] {true, false}) {
      writer.set(new EventJsonWriter<>(UTC, FakeEvent.VIEW, threadLocals));
      String outer = new String(writer.get().encode(FakeEvent.info("outer", "m")
          .with(Map.of(), List.of(Map.entry("v", logsWhileFormatted)))), StandardCharsets.UTF_8);

      assertThat(outer).startsWith("{\"@timestamp\"").contains("\"logger_name\":\"outer\"",
          "\"v\":\"outer-value\"").endsWith("}");
      assertThat(inner.get()).contains("\"logger_name\":\"inner\"", "\"message\":\"nested\"")
          .doesNotContain("outer");
    }
  }

  @Test
  void optionalPartsCanBeLeftOut() {
    EventJsonFormat format = EventJsonFormat.builder().timeZone("UTC").includeVersion(false)
        .includeContext(false).includeKeyValues(false).includeTags(false).appendNewline(true)
        .build();
    FakeEvent e = FakeEvent.info("l", "m").with(Map.of("a", "b"), List.of(Map.entry("k", 1)))
        .tagged(Map.of("T", List.of()));

    assertThat(json(format, e)).doesNotContain("@version", "\"a\"", "\"k\"", "tags")
        .endsWith("}\n");
  }
}
