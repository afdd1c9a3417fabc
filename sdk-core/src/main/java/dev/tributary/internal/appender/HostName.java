package dev.tributary.internal.appender;

import java.net.InetAddress;

/**
 * This machine's host name, looked up once: {@code HOSTNAME} (set in containers and most
 * shells), then {@code COMPUTERNAME} (Windows), then the resolver. Appenders use it for the
 * {@code host} key strategy and may add it to events. Thread-safe.
 */
public final class HostName {
  private HostName() {}

  /** The host name; {@code localhost} if nothing better can be found. Never null. */
  public static String get() {
    return Holder.NAME;
  }

  private static final class Holder {
    // Resolved on first use only: the resolver may be slow on a badly configured host, and
    // most configurations never ask.
    static final String NAME = lookup();
  }

  private static String lookup() {
    for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      String v = System.getenv(variable);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    try {
      String name = InetAddress.getLocalHost().getHostName();
      if (name != null && !name.isBlank()) {
        return name;
      }
    } catch (Exception | Error e) {
      // An unresolvable own name is common in containers; fall through.
    }
    return "localhost";
  }
}
