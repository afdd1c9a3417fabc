package dev.tributary.internal.http;

import java.time.Duration;

/**
 * Producer-property keys shared by the HTTP proxy transports ({@code pixy+http(s)://},
 * {@code rest+http(s)://}), with their defaults. One place defines every key, so the docs, the
 * validator and the error messages cannot drift.
 *
 * <p>Keys are read from {@link dev.tributary.TributaryConfig#producerProperties()}; values are
 * trimmed strings. Keys ending in {@code password}, {@code bearer} and every
 * {@code http.header.*} value are secrets: they never appear in messages or {@code toString}.
 */
public final class HttpKeys {
  /** Prefix of the keys every HTTP transport reads. */
  public static final String PREFIX = "http.";

  /** Time to establish a TCP (and TLS) connection, in ms; default {@value #DEFAULT_CONNECT_MS}. */
  public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  /** 10 s: a proxy that takes longer to accept a connection is treated as down (retriable). */
  public static final long DEFAULT_CONNECT_MS = 10_000;

  /**
   * Time for a whole request, from connecting to the last byte of the response, in ms; default
   * {@value #DEFAULT_CALL_MS}. Both proxies answer only after Kafka acknowledged the records, so
   * this must cover the proxy's own produce timeout during a leader election. A timed-out call
   * is retriable.
   */
  public static final String CALL_TIMEOUT_MS = "http.call.timeout.ms";
  /** 30 s: Kafka's own {@code request.timeout.ms} default. */
  public static final long DEFAULT_CALL_MS = 30_000;

  /** Bearer token sent as {@code Authorization: Bearer <token>}; secret. No default. */
  public static final String AUTH_BEARER = "http.auth.bearer";
  /** User name for HTTP basic auth; requires {@link #AUTH_BASIC_PASSWORD}. No default. */
  public static final String AUTH_BASIC_USER = "http.auth.basic.user";
  /** Password for HTTP basic auth; secret. No default. */
  public static final String AUTH_BASIC_PASSWORD = "http.auth.basic.password";

  /** {@code http.header.<Name>=<value>} adds a header to every request; values are secret. */
  public static final String HEADER_PREFIX = "http.header.";

  /** Trust material for {@code +https}: a PKCS12/JKS key store or a PEM file of CA certs. */
  public static final String TRUSTSTORE_PATH = "http.tls.truststore.path";
  /** Password of the trust store; secret; none for PEM. */
  public static final String TRUSTSTORE_PASSWORD = "http.tls.truststore.password";
  /**
   * {@code PKCS12}, {@code JKS} or {@code PEM}; when unset, PEM for a file ending in
   * {@code .pem}, {@code .crt} or {@code .cer}, JKS for {@code .jks}, else PKCS12.
   */
  public static final String TRUSTSTORE_TYPE = "http.tls.truststore.type";
  /** Client certificate and key for mutual TLS: a PKCS12 or JKS key store. */
  public static final String KEYSTORE_PATH = "http.tls.keystore.path";
  /** Password of the key store; secret. */
  public static final String KEYSTORE_PASSWORD = "http.tls.keystore.password";
  /** {@code PKCS12} or {@code JKS}; when unset, JKS for a {@code .jks} file, else PKCS12. */
  public static final String KEYSTORE_TYPE = "http.tls.keystore.type";
  /** Password of the private key; secret; defaults to the key store's password. */
  public static final String KEY_PASSWORD = "http.tls.key.password";

  /**
   * Prefix of the TLS keys, which only {@code +https} destinations accept; read by
   * {@link dev.tributary.internal.tls.TlsSettings}, as for every TLS transport.
   */
  public static final String TLS_PREFIX = "http.tls.";

  /** Every fixed key above, for "accepted keys" messages. */
  static final String[] ALL = {
      CONNECT_TIMEOUT_MS, CALL_TIMEOUT_MS, AUTH_BEARER, AUTH_BASIC_USER, AUTH_BASIC_PASSWORD,
      HEADER_PREFIX + "<Name>", TRUSTSTORE_PATH, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE,
      KEYSTORE_PATH, KEYSTORE_PASSWORD, KEYSTORE_TYPE, KEY_PASSWORD};

  /** How long idle keep-alive connections stay pooled; shorter than common proxy idle limits. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

  private HttpKeys() {}

  /** The shared keys followed by a transport's own, for "accepted keys" messages. */
  public static java.util.List<String> accepted(String... own) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(ALL));
    all.addAll(java.util.List.of(own));
    return all;
  }

  /** True for keys whose values must never be shown. */
  static boolean isSecret(String key) {
    return key.endsWith("password") || key.equals(AUTH_BEARER) || key.startsWith(HEADER_PREFIX);
  }
}
