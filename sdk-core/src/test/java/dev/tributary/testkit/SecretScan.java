package dev.tributary.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Collects everything a test saw Tributary print or expose — status lines, exception messages
 * and stack traces, {@code toString()}s, JMX names and attribute values, metric tags, what went
 * to {@code System.out}/{@code System.err} — and fails if any of the given secrets appears in
 * it. Register every password, token and JAAS config the test configures.
 *
 * <pre>{@code
 * SecretScan scan = new SecretScan(List.of("app-pa55", jaasConfig));
 * scan.captureStdStreams();
 * // ... run the scenario, scan.add("status", line) ...
 * scan.addJmx("dev.tributary");
 * scan.assertNoSecret();
 * }</pre>
 *
 * <p>Thread-safe for adding; capture and restore streams from the test thread.
 */
public final class SecretScan {
  private final List<String> secrets;
  private final List<String[]> seen = new CopyOnWriteArrayList<>();
  private PrintStream savedOut;
  private PrintStream savedErr;
  private ByteArrayOutputStream captured;

  /** @param secrets values that must never appear; each must be at least 4 characters */
  public SecretScan(List<String> secrets) {
    for (String s : secrets) {
      if (s.length() < 4) {
        throw new IllegalArgumentException("a secret this short would match by accident");
      }
    }
    this.secrets = List.copyOf(secrets);
  }

  /** Adds {@code text}, seen at {@code source} (e.g. "status", "future of record 3"). */
  public void add(String source, Object text) {
    seen.add(new String[] {source, String.valueOf(text)});
  }

  /** Adds {@code e}'s full stack trace: messages of every cause and suppressed exception. */
  public void addThrowable(String source, Throwable e) {
    if (e == null) {
      return;
    }
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    add(source, w);
  }

  /** Adds the name and every readable attribute value of the MBeans in {@code domains}. */
  public void addJmx(String... domains) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (String domain : domains) {
      Set<ObjectName> names;
      try {
        names = server.queryNames(new ObjectName(domain + ":*"), null);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      for (ObjectName name : names) {
        StringBuilder sb = new StringBuilder(name.toString());
        try {
          for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            if (a.isReadable()) {
              try {
                sb.append(' ').append(a.getName()).append('=')
                    .append(server.getAttribute(name, a.getName()));
              } catch (Exception unreadable) {
                // An attribute that cannot be read shows nothing.
              }
            }
          }
        } catch (Exception gone) {
          continue; // unregistered meanwhile
        }
        add("JMX " + name, sb);
      }
    }
  }

  /** Copies {@code System.out} and {@code System.err} into the scan until restored. */
  public void captureStdStreams() {
    savedOut = System.out;
    savedErr = System.err;
    captured = new ByteArrayOutputStream();
    System.setOut(tee(savedOut, captured));
    System.setErr(tee(savedErr, captured));
  }

  /** Puts the real streams back and adds what was written meanwhile. */
  public void restoreStdStreams() {
    if (savedOut == null) {
      return;
    }
    System.setOut(savedOut);
    System.setErr(savedErr);
    synchronized (captured) {
      add("System.out/System.err", captured.toString(StandardCharsets.UTF_8));
    }
    savedOut = null;
  }

  private static PrintStream tee(PrintStream real, ByteArrayOutputStream copy) {
    return new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        real.write(b);
        synchronized (copy) {
          copy.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        real.write(b, off, len);
        synchronized (copy) {
          copy.write(b, off, len);
        }
      }

      @Override
      public void flush() {
        real.flush();
      }
    }, true, StandardCharsets.UTF_8);
  }

  /** How many texts were added, so a test can show the scan looked at something. */
  public int size() {
    return seen.size();
  }

  /** True when any text added from a source starting with {@code prefix} contains {@code s}. */
  public boolean saw(String sourcePrefix, String s) {
    return seen.stream().anyMatch(e -> e[0].startsWith(sourcePrefix) && e[1].contains(s));
  }

  /**
   * Fails listing each place a secret appeared (with the secret itself masked, so the failure
   * report does not spread it either).
   */
  public void assertNoSecret() {
    List<String> leaks = new ArrayList<>();
    for (String[] entry : seen) {
      for (int i = 0; i < secrets.size(); i++) {
        String secret = secrets.get(i);
        int at = entry[1].indexOf(secret);
        if (at >= 0) {
          int from = Math.max(0, at - 120);
          int to = Math.min(entry[1].length(), at + secret.length() + 60);
          leaks.add(entry[0] + ": ..." + entry[1].substring(from, to)
              .replace(secret, "[SECRET#" + i + "]") + "...");
        }
      }
    }
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " secret(s) shown:\n" + String.join("\n", leaks));
    }
  }
}
