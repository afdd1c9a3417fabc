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
  void namesAndFieldsEncodedInAdvanceWriteTheSameBytes() {
    byte[] name = JsonWriter.encodeName("k\"ey");
    byte[] member = JsonWriter.encodeMember("service", "check\nout");
    byte[] tags = JsonWriter.encodeName("tags");
    JsonWriter w = new JsonWriter(8);
    w.beginObject().name(name).value("v").member(member).beginArray(tags).value("t").endArray()
        .member(member).endObject();
    JsonWriter plain = new JsonWriter(8);
    plain.beginObject().field("k\"ey", "v").field("service", "check\nout").beginArray("tags")
        .value("t").endArray().field("service", "check\nout").endObject();
    assertThat(json(w)).isEqualTo(json(plain))
        .isEqualTo("{\"k\\\"ey\":\"v\",\"service\":\"check\\nout\",\"tags\":[\"t\"],"
            + "\"service\":\"check\\nout\"}");
  }

  @Test
  void writesEveryLongExactly() {
    long[] values = {0, 7, -7, 10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE, -1};
    for (long v : values) {
      JsonWriter w = new JsonWriter(16);
      w.beginObject().field("n", v).endObject();
      assertThat(json(w)).isEqualTo("{\"n\":" + v + "}");
    }
  }

  @Test
  void repeatedNamesAndLongStringsOfEveryKindComeOutTheSame() {
    JsonWriter w = new JsonWriter(16);
    StringBuilder long1 = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      long1.append((char) ('a' + i % 26)).append(i % 97 == 0 ? "\"é😀\n" : "");
    }
    // The text holds only letters, quotes, é, an emoji and newlines: escaped by hand here.
    String quoted = long1.toString().replace("\"", "\\\"").replace("\n", "\\n");
    String expected = "{\"message\":\"" + quoted + "\",\"message\":\"" + quoted
        + "\",\"logger_name\":\"x\"}";
    for (int round = 0; round < 3; round++) {
      w.reset().beginObject().field("message", long1).field("message", long1.toString())
          .field("logger_name", "x").endObject();
      assertThat(json(w)).isEqualTo(expected);
    }
  }

  @Test
  void longAsciiStringsAreEscapedWhereverTheSpecialCharacterSits() {
    char[] specials = {'"', '\\', '\n', '\u0000', '\u001f', '\t', ' ', '~', '\u007f'};
    for (int length : new int[] {24, 31, 40, 64}) {
      for (int at = 0; at < length; at++) {
        for (char special : specials) {
          char[] cs = new char[length];
          for (int i = 0; i < length; i++) {
            cs[i] = (char) ('A' + i % 26);
          }
          cs[at] = special;
          String text = new String(cs);
          JsonWriter w = new JsonWriter(16);
          w.value(text);
          assertThat(json(w)).as("length %d, %04x at %d", length, (int) special, at)
              .isEqualTo("\"" + escaped(text) + "\"");
        }
      }
    }
  }

  /** A plain reference escaper for the characters the test above uses. */
  private static String escaped(String text) {
    StringBuilder sb = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
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
