package dev.tributary.internal.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one JSON object as UTF-8 into a reusable byte buffer: the shared encoder behind the
 * Logback and Log4j2 appenders' JSON output.
 *
 * <p>Strings are escaped per RFC 8259: quote, backslash and every control character; an unpaired
 * UTF-16 surrogate, which has no UTF-8 form, becomes U+FFFD so the output is always valid
 * UTF-8. Not thread-safe: appenders keep one per thread and {@link #reset()} it per event.
 *
 * <pre>{@code
 * JsonWriter w = new JsonWriter();
 * w.beginObject().field("message", msg).field("level_value", 20000).endObject();
 * byte[] json = w.toByteArray();
 * }</pre>
 */
public final class JsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int NAME_SLOTS = 32;
  private static final int MAX_CACHED_NAME_BYTES = 64;
  /** Strings at least this long try the bulk ASCII path first. */
  private static final int MIN_BULK_CHARS = 24;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** A scratch char array that grew past this (a huge message) is not kept. */
  private static final int RETAINED_CHARS = 64 * 1024;
  private char[] chars = new char[256];
  private byte[] buf;
  private int len;
  private boolean needComma;
  private final String[] nameKeys = new String[NAME_SLOTS];
  private final byte[][] nameBytes = new byte[NAME_SLOTS][];

  public JsonWriter() {
    this(512);
  }

  public JsonWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Empties the buffer for the next object, keeping its capacity. */
  public JsonWriter reset() {
    len = 0;
    needComma = false;
    return this;
  }

  public JsonWriter beginObject() {
    comma();
    put((byte) '{');
    needComma = false;
    return this;
  }

  public JsonWriter endObject() {
    put((byte) '}');
    needComma = true;
    return this;
  }

  public JsonWriter beginArray(String name) {
    name(name);
    put((byte) '[');
    needComma = false;
    return this;
  }

  /** Starts an array field whose name {@link #encodeName} encoded. */
  public JsonWriter beginArray(byte[] encodedName) {
    name(encodedName);
    put((byte) '[');
    needComma = false;
    return this;
  }

  public JsonWriter endArray() {
    put((byte) ']');
    needComma = true;
    return this;
  }

  /**
   * {@code "name":} as bytes, for {@link #name(byte[])}: names known in advance (standard and
   * static fields) are escaped once, not looked up per event.
   */
  public static byte[] encodeName(String name) {
    JsonWriter w = new JsonWriter(name.length() + 8);
    w.string(name);
    w.put((byte) ':');
    return w.toByteArray();
  }

  /** Starts a field whose name {@link #encodeName} encoded; follow with a value method. */
  public JsonWriter name(byte[] encodedName) {
    comma();
    ensure(encodedName.length);
    System.arraycopy(encodedName, 0, buf, len, encodedName.length);
    len += encodedName.length;
    needComma = false;
    return this;
  }

  /**
   * A whole field known in advance, {@code "name":"value"} as bytes, for
   * {@link #member(byte[])}.
   */
  public static byte[] encodeMember(String name, String value) {
    JsonWriter w = new JsonWriter(name.length() + value.length() + 8);
    w.field(name, value);
    return w.toByteArray();
  }

  /** Writes a field {@link #encodeMember} encoded. */
  public JsonWriter member(byte[] encodedMember) {
    name(encodedMember);
    needComma = true;
    return this;
  }

  /** Starts a field; follow with a value method or {@link #beginObject()}. */
  public JsonWriter name(String name) {
    comma();
    // Field names repeat in every event: the escaped form of recent ones is kept, by identity
    // (literals and MDC keys are the same String object each time).
    int slot = name.hashCode() & (NAME_SLOTS - 1);
    byte[] cached = nameKeys[slot] == name ? nameBytes[slot] : null;
    if (cached != null) {
      ensure(cached.length);
      System.arraycopy(cached, 0, buf, len, cached.length);
      len += cached.length;
    } else {
      int start = len;
      string(name);
      put((byte) ':');
      if (len - start <= MAX_CACHED_NAME_BYTES) {
        nameKeys[slot] = name;
        nameBytes[slot] = Arrays.copyOfRange(buf, start, len);
      }
    }
    needComma = false;
    return this;
  }

  /** {@code "name":"value"}, or {@code "name":null} for a null value. */
  public JsonWriter field(String name, CharSequence value) {
    name(name);
    return value(value);
  }

  public JsonWriter field(String name, long value) {
    name(name);
    return value(value);
  }

  public JsonWriter field(String name, boolean value) {
    name(name);
    comma();
    ascii(value ? "true" : "false");
    needComma = true;
    return this;
  }

  /** A string array element or field value; null writes {@code null}. */
  public JsonWriter value(CharSequence value) {
    comma();
    if (value == null) {
      ascii("null");
    } else {
      string(value);
    }
    needComma = true;
    return this;
  }

  public JsonWriter value(long value) {
    comma();
    if (value == Long.MIN_VALUE) {
      ascii(Long.toString(value));
    } else {
      digits(value);
    }
    needComma = true;
    return this;
  }

  /** Writes {@code value} in decimal without making a String. */
  private void digits(long value) {
    ensure(20);
    if (value < 0) {
      buf[len++] = '-';
      value = -value;
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  /**
   * Writes {@code value} as its natural JSON type: numbers and booleans bare, null as null,
   * anything else as its {@code toString()}, quoted.
   */
  public JsonWriter value(Object value) {
    if (value == null || value instanceof CharSequence) {
      return value((CharSequence) value);
    }
    comma();
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Short || value instanceof Byte) {
      ascii(value.toString());
    } else if ((value instanceof Double d && Double.isFinite(d))
        || (value instanceof Float f && Float.isFinite(f))) {
      ascii(value.toString());
    } else {
      string(String.valueOf(value));
    }
    needComma = true;
    return this;
  }

  public int size() {
    return len;
  }

  /** A copy of the bytes written since the last reset. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** Appends {@code text} unescaped; for callers that add a trailing newline or similar. */
  public JsonWriter raw(String text) {
    ascii(text);
    return this;
  }

  private void comma() {
    if (needComma) {
      put((byte) ',');
      needComma = false;
    }
  }

  private void string(CharSequence s) {
    int n = s.length();
    if (n >= MIN_BULK_CHARS && s instanceof String str && plainAscii(str, n)) {
      return;
    }
    // Characters are copied out in bulk first (an intrinsic for String and StringBuilder), so
    // the loop below reads an array instead of calling charAt per character.
    if (chars.length < n) {
      chars = new char[Math.max(n, 2 * chars.length)];
    }
    if (s instanceof String str) {
      str.getChars(0, n, chars, 0);
    } else if (s instanceof StringBuilder sb) {
      sb.getChars(0, n, chars, 0);
    } else {
      for (int i = 0; i < n; i++) {
        chars[i] = s.charAt(i);
      }
    }
    string(chars, n);
    if (chars.length > RETAINED_CHARS) {
      chars = new char[256];
    }
  }

  /**
   * Writes {@code s} quoted if it is plain ASCII needing no escape, the common case for log
   * messages: the JDK's own (vectorized) encoder makes the bytes, and eight are checked at a
   * time. False, having written nothing, otherwise.
   */
  private boolean plainAscii(String s, int n) {
    byte[] ascii = s.getBytes(StandardCharsets.UTF_8);
    if (ascii.length != n) {
      return false; // not all ASCII
    }
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      long x = (long) LONG.get(ascii, i);
      if (needsEscape(x)) {
        return false;
      }
    }
    for (; i < n; i++) {
      byte c = ascii[i];
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    ensure(n + 2);
    buf[len++] = '"';
    System.arraycopy(ascii, 0, buf, len, n);
    len += n;
    buf[len++] = '"';
    return true;
  }

  /** Whether any of eight ASCII bytes is a control character, a quote or a backslash. */
  private static boolean needsEscape(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    long control = (x - 0x2020202020202020L) & ~x;
    long q = (quote - 0x0101010101010101L) & ~quote;
    long b = (backslash - 0x0101010101010101L) & ~backslash;
    return ((control | q | b) & 0x8080808080808080L) != 0;
  }

  private void string(char[] cs, int n) {
    // Room for the worst case up front (a control character escapes to six bytes), so the
    // common loop below writes without a bounds check per character.
    ensure(6 * n + 2);
    byte[] b = buf;
    int at = len;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = cs[i];
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[at++] = (byte) c;
        } else {
          len = at;
          escapeAscii(c);
          at = len;
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xC0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(cs[i + 1])) {
        int cp = Character.toCodePoint(c, cs[++i]);
        b[at++] = (byte) (0xF0 | (cp >> 18));
        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[at++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        char out = Character.isSurrogate(c) ? '\uFFFD' : c;
        b[at++] = (byte) (0xE0 | (out >> 12));
        b[at++] = (byte) (0x80 | ((out >> 6) & 0x3F));
        b[at++] = (byte) (0x80 | (out & 0x3F));
      }
    }
    b[at++] = '"';
    len = at;
  }

  private void escapeAscii(char c) {
    switch (c) {
      case '"' -> ascii("\\\"");
      case '\\' -> ascii("\\\\");
      case '\n' -> ascii("\\n");
      case '\r' -> ascii("\\r");
      case '\t' -> ascii("\\t");
      case '\b' -> ascii("\\b");
      case '\f' -> ascii("\\f");
      default -> {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = '0';
        buf[len++] = '0';
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
      }
    }
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
