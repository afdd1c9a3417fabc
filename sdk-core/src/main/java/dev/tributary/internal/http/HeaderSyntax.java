package dev.tributary.internal.http;

/** What RFC 9110 allows in header names and values, checked before OkHttp would throw. */
public final class HeaderSyntax {
  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HeaderSyntax() {}

  /** True when {@code s} is a non-empty token: letters, digits and {@code !#$%&'*+-.^_`|~}. */
  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || TCHAR_SYMBOLS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code s} holds only visible ASCII, spaces and tabs (what OkHttp accepts). */
  public static boolean isValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
        return false;
      }
    }
    return true;
  }
}
