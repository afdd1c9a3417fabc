package dev.tributary.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  private static String json(JsonWriter w) {
    return new String(w.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void writesFieldsOfEveryKindWithCommas() {
    JsonWriter w = new JsonWriter(16);
    w.beginObject().field("a", "x").field("n", -42).field("b", true).field("z", (String) null)
        .beginArray("tags").value("p").value("q").endArray()
        .name("o").beginObject().field("k", 1).endObject()
        .name("v").value((Object) 2.5).endObject();
    assertThat(json(w)).isEqualTo(
        "{\"a\":\"x\",\"n\":-42,\"b\":true,\"z\":null,\"tags\":[\"p\",\"q\"],\"o\":{\"k\":1},\"v\":2.5}");
    w.reset().beginObject().endObject();
    assertThat(json(w)).isEqualTo("{}");
  }

  @Test
  void escapesQuotesBackslashesAndEveryControlCharacter() {
    StringBuilder all = new StringBuilder("q\"b\\");
    for (char c = 0; c < 0x20; c++) {
      all.append(c);
    }
    String out = json(new JsonWriter().beginObject().field("m", all).endObject());
    assertThat(out).startsWith("{\"m\":\"q\\\"b\\\\\\u0000\\u0001")
        .contains("\\b\\t\\n\\u000b\\f\\r").endsWith("\\u001f\"}");
    for (char c = 0; c < 0x20; c++) {
      assertThat(out.indexOf(c)).as("raw control char %d", (int) c).isEqualTo(-1);
    }
  }

  @Test
  void encodesNonAsciiAsUtf8AndReplacesUnpairedSurrogates() throws Exception {
    String text = "héllo 日本 😀";
    assertThat(json(new JsonWriter().beginObject().field("m", text).endObject()))
        .isEqualTo("{\"m\":\"" + text + "\"}");
    String broken = "a\uD83Db\uDE00c\uD83D";
    byte[] bytes = new JsonWriter().beginObject().field("m", broken).endObject().toByteArray();
    String decoded = new String(bytes, StandardCharsets.UTF_8);
    assertThat(decoded).isEqualTo("{\"m\":\"a\uFFFDb\uFFFDc\uFFFD\"}");
    // Strict decoding round-trips: the bytes are valid UTF-8.
    assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
        .toString()).isEqualTo(decoded);
  }

  @Test
  void nonFiniteNumbersAreWrittenAsStrings() {
    assertThat(json(new JsonWriter().beginObject().name("x").value((Object) Double.NaN)
        .endObject())).isEqualTo("{\"x\":\"NaN\"}");
  }
}
