package dev.tributary.internal.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values of one configuration — passwords, tokens, the JAAS config and the
 * passwords inside it, key material, proxy header values — so that any text Tributary is about
 * to show (a status line, an exception message) can be checked and scrubbed. The last line of
 * defence: messages are written not to hold secrets in the first place, but a broker's or a
 * proxy's answer is not under Tributary's control (a gateway that echoes the token it refused).
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not matched: scrubbing every
 * {@code "ab"} would garble messages while protecting nothing worth the name. Immutable;
 * thread-safe.
 */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String REDACTED = "<redacted>";
  static final int MIN_LENGTH = 4;
  private static final Secrets NONE = new Secrets(List.of());
  /** {@code name="value"} or {@code name=value} options of a JAAS login module. */
  private static final Pattern JAAS_OPTION =
      Pattern.compile("([A-Za-z0-9_.-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s\";]+))");

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  /** The secrets among {@code producerProperties}; see {@link #isSecretKey(String)}. */
  public static Secrets of(Map<String, String> producerProperties) {
    Set<String> found = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : producerProperties.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (value == null || !isSecretKey(key)) {
        continue;
      }
      found.add(value);
      if (key.toLowerCase(Locale.ROOT).contains("jaas")) {
        Matcher m = JAAS_OPTION.matcher(value);
        while (m.find()) {
          if (isSecretKey(m.group(1))) {
            found.add(m.group(2) != null ? m.group(2) : m.group(3));
          }
        }
      }
    }
    basicAuth(producerProperties, "http.auth.basic.user", "http.auth.basic.password", found);
    List<String> values = new ArrayList<>();
    for (String v : found) {
      if (v.length() >= MIN_LENGTH) {
        values.add(v);
      }
    }
    if (values.isEmpty()) {
      return NONE;
    }
    // Longest first, so a JAAS config is replaced whole before the password inside it.
    values.sort(Comparator.comparingInt(String::length).reversed());
    return new Secrets(List.copyOf(values));
  }

  /** These secrets and {@code other}'s: for messages that may come from several destinations. */
  public Secrets and(Secrets other) {
    if (other.values.isEmpty()) {
      return this;
    }
    if (values.isEmpty()) {
      return other;
    }
    Set<String> all = new LinkedHashSet<>(values);
    all.addAll(other.values);
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Secrets(List.copyOf(sorted));
  }

  /** The header a basic-auth proxy sees carries {@code base64(user:password)}: a secret too. */
  private static void basicAuth(Map<String, String> p, String userKey, String passwordKey,
      Set<String> found) {
    String user = p.get(userKey);
    String password = p.get(passwordKey);
    if (user != null && password != null) {
      found.add(Base64.getEncoder().encodeToString((user + ":" + password)
          .getBytes(StandardCharsets.UTF_8)));
    }
  }

  /**
   * True for keys whose values are never shown: anything named like a password, secret, token,
   * credential, key material or JAAS config ({@code ssl.keystore.password},
   * {@code sasl.jaas.config}, {@code sasl.oauthbearer.client.credentials.client.secret},
   * {@code ssl.keystore.key}, {@code http.auth.bearer}), and proxy header values
   * ({@code http.header.*}, {@code grpc.metadata.*}), which often carry API keys.
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith("password") || k.contains("secret") || k.contains("token")
        || k.contains("bearer") || k.contains("credential") || k.contains("jaas")
        || k.equals("ssl.keystore.key") || k.endsWith("apikey") || k.endsWith("api.key")
        || k.endsWith("user.info") || k.startsWith("http.header.")
        || k.startsWith("grpc.metadata.");
  }

  /** Says how many secrets, never which. */
  @Override
  public String toString() {
    return "Secrets[" + values.size() + " hidden]";
  }

  /** True when there is nothing to hide. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** True when {@code text} contains a secret. */
  public boolean revealedIn(String text) {
    if (text == null) {
      return false;
    }
    for (String v : values) {
      if (text.contains(v)) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with every secret replaced by {@value #REDACTED}. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String v : values) {
      if (out.contains(v)) {
        out = out.replace(v, REDACTED);
      }
    }
    return out;
  }

  /** True when {@code e}, its causes or suppressed exceptions show a secret. */
  public boolean revealedIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (revealedIn(t.toString())) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (revealedIn(s)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * {@code e} itself when it shows no secret, else a new exception of the same outcome
   * ({@code fatal}: a {@link dev.tributary.DeliveryFailedException}, else a retriable
   * {@link dev.tributary.TributaryException}) whose message is {@code e}'s chain of messages
   * with the secrets scrubbed, and no cause, so that no stack trace or message below can show
   * one.
   */
  public Throwable scrub(Throwable e, boolean fatal) {
    if (e == null || !revealedIn(e)) {
      return e;
    }
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (text.length() > 0) {
        text.append("; caused by ");
      }
      text.append(t);
    }
    String message = redact(text.toString()) + " (" + Secrets.REDACTED
        + " marks a configured secret that the error repeated)";
    return fatal ? new dev.tributary.DeliveryFailedException(message, null)
        : new dev.tributary.TributaryException(message, null, true);
  }
}
