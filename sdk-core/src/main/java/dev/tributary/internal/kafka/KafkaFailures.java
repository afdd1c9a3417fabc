package dev.tributary.internal.kafka;

import dev.tributary.DeliveryFailedException;
import dev.tributary.TributaryConfigException;
import dev.tributary.TributaryException;
import dev.tributary.internal.tls.TlsMaterial;
import dev.tributary.spi.BatchCallback;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Says what a kafka-clients failure means for a record, in words for the status line: a TLS
 * handshake that failed, an authentication the broker refused, an authorization it denied, or
 * anything else. Never puts a property value other than a file path into a message.
 *
 * <ul>
 *   <li>Authorization (no ACL for the topic or cluster): fatal. Retrying cannot help until an
 *       operator grants the ACL, and the records would sit until they expire.
 *   <li>TLS handshake and authentication: retriable, like an unreachable broker. Both are often
 *       fixed on the other side (a broker certificate renewed, credentials that had not reached
 *       every broker yet, a rotation half done); the records wait within their delivery
 *       timeout, and with a spool they stay on disk until the configuration is fixed.
 *   <li>Anything else keeps kafka-clients' own split: {@code RetriableException} or fatal.
 * </ul>
 *
 * Immutable; thread-safe.
 */
final class KafkaFailures {
  private static final int MAX_DETAIL_CHARS = 400;

  private final String destination;
  private final String mechanism;
  private final boolean clientCertificate;
  /** What is wrong with the configured client certificate, or null. */
  private final String certificateProblem;

  KafkaFailures(Map<String, Object> properties, String destination, Instant now) {
    this.destination = destination;
    Object m = properties.get("sasl.mechanism");
    this.mechanism = m == null ? "GSSAPI" : m.toString();
    this.clientCertificate = properties.get("ssl.keystore.location") != null
        || properties.get("ssl.keystore.key") != null;
    this.certificateProblem = certificateProblem(properties, now);
  }

  /**
   * What is wrong with the client certificate in {@code ssl.keystore.location}, for a warning
   * at start and a hint when a handshake fails: the broker only answers "certificate_unknown",
   * so the client must look for itself. Null when it is valid or cannot be read here (kafka-clients
   * reports an unreadable key store when it starts).
   */
  String certificateProblem() {
    return certificateProblem;
  }

  /** Reports {@code e} for record {@code index}, retriable or fatal, explained. */
  void report(BatchCallback callback, int index, Exception e) {
    Throwable explained = explain(e);
    if (isRetriable(e)) {
      callback.retriable(index, explained, null);
    } else {
      callback.fatal(index, explained);
    }
  }

  /** A TLS handshake or authentication failure: the brokers refused this client. */
  static boolean isSecurity(Throwable e) {
    return find(e, AuthenticationException.class) != null;
  }

  static boolean isRetriable(Throwable e) {
    if (find(e, AuthorizationException.class) != null) {
      return false;
    }
    return find(e, AuthenticationException.class) != null || e instanceof RetriableException;
  }

  /** {@code e}, or a Tributary exception saying in plain words what failed, caused by it. */
  Throwable explain(Throwable e) {
    AuthorizationException denied = find(e, AuthorizationException.class);
    if (denied != null) {
      return new DeliveryFailedException("Kafka at " + destination + " denied authorization: "
          + detail(denied) + ". The principal this client authenticates as needs the WRITE "
          + "and DESCRIBE ACLs on the topic (and IDEMPOTENT_WRITE on the cluster if it may "
          + "write to no topic); such records fail at once, without retries", e);
    }
    SslAuthenticationException tls = find(e, SslAuthenticationException.class);
    if (tls != null) {
      return new TributaryException("TLS handshake with Kafka at " + destination + " failed: "
          + detail(tls) + (certificateProblem == null ? "" : "; " + certificateProblem)
          + ". Check ssl.truststore.* (it must hold the CA that signed the brokers' "
          + "certificates)" + (clientCertificate ? " and ssl.keystore.* (the brokers must "
              + "trust the client certificate, and it must be valid)" : ""), e, true);
    }
    AuthenticationException refused = find(e, AuthenticationException.class);
    if (refused != null) {
      return new TributaryException("Authentication with Kafka at " + destination
          + " failed (SASL " + mechanism + "): " + detail(refused) + ". Check the user name "
          + "and password in sasl.jaas.config and sasl.mechanism", e, true);
    }
    return e;
  }

  /**
   * The configuration error for a {@code KafkaProducer} that could not be created, naming the
   * setting when kafka-clients' message says which (an SSL store, the JAAS config).
   */
  static TributaryConfigException construction(KafkaException e, Map<String, Object> properties) {
    String detail = detail(e);
    String lower = detail.toLowerCase(Locale.ROOT);
    String key;
    Object value;
    if (lower.contains("ssl keystore")) {
      key = "ssl.keystore.location";
      value = properties.get(key);
    } else if (lower.contains("ssl truststore")) {
      key = "ssl.truststore.location";
      value = properties.get(key);
    } else if (lower.contains("jaas")) {
      key = "sasl.jaas.config";
      value = "<redacted>";
    } else {
      key = null;
      value = new TreeSet<>(properties.keySet()).toString();
    }
    return new TributaryConfigException(key == null ? "producerProperty" : "producerProperty."
        + key, value, "kafka-clients could not create a producer: " + detail, e);
  }

  /** The distinct messages along {@code e}'s causes, e.g. "SSL handshake failed: PKIX ...". */
  static String detail(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 6; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      String s = m.trim();
      if (parts.stream().noneMatch(p -> p.contains(s))) {
        parts.add(s);
      }
    }
    String d = parts.isEmpty() ? e.getClass().getName() : String.join(": ", parts);
    return d.length() <= MAX_DETAIL_CHARS ? d : d.substring(0, MAX_DETAIL_CHARS) + "...";
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String certificateProblem(Map<String, Object> properties, Instant now) {
    Object location = properties.get("ssl.keystore.location");
    if (location == null) {
      return null;
    }
    Object type = properties.getOrDefault("ssl.keystore.type", "JKS");
    if (!type.toString().equalsIgnoreCase("JKS") && !type.toString().equalsIgnoreCase("PKCS12")) {
      return null;
    }
    Object password = properties.get("ssl.keystore.password");
    try {
      KeyStore store = TlsMaterial.read(Path.of(location.toString()), type.toString(),
          password == null ? null : password.toString());
      for (String alias : Collections.list(store.aliases())) {
        Certificate c = store.isKeyEntry(alias) ? store.getCertificate(alias) : null;
        if (c instanceof X509Certificate x509) {
          String who = x509.getSubjectX500Principal().getName();
          String where = " (ssl.keystore.location " + location + ")";
          if (now.isAfter(x509.getNotAfter().toInstant())) {
            return "the client certificate " + who + where + " expired at "
                + x509.getNotAfter().toInstant();
          }
          if (now.isBefore(x509.getNotBefore().toInstant())) {
            return "the client certificate " + who + where + " is not valid before "
                + x509.getNotBefore().toInstant();
          }
        }
      }
      return null;
    } catch (Exception unreadable) {
      return null; // kafka-clients itself reports an unreadable key store, at start
    }
  }
}
