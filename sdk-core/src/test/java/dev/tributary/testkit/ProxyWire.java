package dev.tributary.testkit;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Query and header handling for {@link ProxyFixture}, done as kafka-pixy does it with Go's
 * {@code net/url} and {@code net/textproto}.
 */
final class ProxyWire {
  private ProxyWire() {}

  /** Name to raw bytes; a name without {@code =} maps to an empty array. */
  static Map<String, byte[]> parse(String rawQuery) {
    Map<String, byte[]> out = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      out.put(name, eq < 0 ? new byte[0] : decode(part.substring(eq + 1)));
    }
    return out;
  }

  static byte[] decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c == '+' ? ' ' : c);
      }
    }
    return out.toByteArray();
  }

  /** Go's CanonicalMIMEHeaderKey: upper-case each word's first letter, lower-case the rest. */
  static String canonical(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  static String jsonEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
