package dev.tributary.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader for proxy responses, so sdk-core needs no JSON library. Objects
 * become {@code Map<String, Object>} (insertion order), arrays {@code List<Object>}, numbers
 * {@code Long} when integral and {@code Double} otherwise, {@code null} becomes Java null.
 * Truncated or malformed input throws {@link MalformedJsonException}, never anything else.
 * Stateless and thread-safe.
 */
public final class Json {
  /** Deeper nesting than any proxy response, shallow enough to never overflow the stack. */
  private static final int MAX_DEPTH = 32;

  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  /** Parses one JSON value filling all of {@code text} (surrounding whitespace allowed). */
  public static Object parse(String text) throws MalformedJsonException {
    Json p = new Json(text);
    try {
      Object v = p.value(0);
      p.skipWhitespace();
      if (p.pos != text.length()) {
        throw p.error("unexpected content after the value");
      }
      return v;
    } catch (StringIndexOutOfBoundsException e) {
      throw p.error("unexpected end of input");
    }
  }

  /** Parses {@code text} and returns it if it is an object, else null. Never throws. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> objectOrNull(String text) {
    try {
      Object v = parse(text);
      return v instanceof Map ? (Map<String, Object>) v : null;
    } catch (MalformedJsonException e) {
      return null;
    }
  }

  private Object value(int depth) throws MalformedJsonException {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    skipWhitespace();
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) throws MalformedJsonException {
    Map<String, Object> m = new LinkedHashMap<>();
    pos++;
    skipWhitespace();
    if (s.charAt(pos) == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipWhitespace();
      if (s.charAt(pos) != '"') {
        throw error("expected a member name");
      }
      String key = string();
      skipWhitespace();
      expect(':');
      m.put(key, value(depth + 1));
      skipWhitespace();
      char c = s.charAt(pos++);
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws MalformedJsonException {
    List<Object> list = new ArrayList<>();
    pos++;
    skipWhitespace();
    if (s.charAt(pos) == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value(depth + 1));
      skipWhitespace();
      char c = s.charAt(pos++);
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws MalformedJsonException {
    pos++; // opening quote
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      char c = s.charAt(pos);
      if (c == '"') {
        String tail = s.substring(start, pos++);
        return sb == null ? tail : sb.append(tail).toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(s, start, pos);
      char e = s.charAt(pos + 1);
      pos += 2;
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          try {
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape '\\" + e + "'");
      }
      start = pos;
    }
  }

  private Object number() throws MalformedJsonException {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
    }
    boolean integral = true;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c >= '0' && c <= '9') {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        integral = false;
        pos++;
      } else {
        break;
      }
    }
    String text = s.substring(start, pos);
    try {
      if (integral) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException tooBig) {
          return Double.parseDouble(text);
        }
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error("malformed number '" + text + "'");
    }
  }

  private Object literal(String word, Object v) throws MalformedJsonException {
    if (!s.startsWith(word, pos)) {
      throw error("expected '" + word + "'");
    }
    pos += word.length();
    return v;
  }

  private void expect(char c) throws MalformedJsonException {
    if (s.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private MalformedJsonException error(String what) {
    return new MalformedJsonException(what + " at offset " + Math.min(pos, s.length()));
  }

  /** The text is not one complete JSON value. */
  public static final class MalformedJsonException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
      super(message);
    }
  }
}
