package dev.tributary.internal.tls;

import dev.tributary.TributaryConfigException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where the TLS trust and key material of a proxy destination lives, read from the producer
 * properties under one prefix ({@code http.tls.} for {@code pixy+https}/{@code rest+https},
 * {@code grpc.tls.} for {@code pixy+grpcs}); every transport reads the same seven keys the
 * same way. Without a trust store the JVM's default CAs apply; without a key store no client
 * certificate is offered. Immutable; {@link #toString()} never shows a password.
 *
 * <p>A store's type is {@code PKCS12}, {@code JKS} or (trust only) {@code PEM}; when its
 * {@code .type} key is unset it is inferred from the file name: {@code .pem}, {@code .crt},
 * {@code .cer} are PEM, {@code .jks} is JKS, anything else PKCS12.
 */
public final class TlsSettings {
  /** Trust material: a PKCS12/JKS store or a PEM file of CA certificates. */
  public static final String TRUSTSTORE_PATH = "truststore.path";
  /** {@code PEM}, {@code PKCS12} or {@code JKS}; inferred from the file name when unset. */
  public static final String TRUSTSTORE_TYPE = "truststore.type";
  /** Password of a PKCS12/JKS trust store; secret; none for PEM. */
  public static final String TRUSTSTORE_PASSWORD = "truststore.password";
  /** Client certificate and key for mutual TLS: a PKCS12 or JKS key store. */
  public static final String KEYSTORE_PATH = "keystore.path";
  /** {@code PKCS12} or {@code JKS}; inferred from the file name when unset. */
  public static final String KEYSTORE_TYPE = "keystore.type";
  /** Password of the key store; secret. */
  public static final String KEYSTORE_PASSWORD = "keystore.password";
  /** Password of the private key; secret; defaults to the key store's password. */
  public static final String KEY_PASSWORD = "key.password";
  /** The seven key suffixes, in documentation order. */
  public static final List<String> SUFFIXES = List.of(TRUSTSTORE_PATH, TRUSTSTORE_TYPE,
      TRUSTSTORE_PASSWORD, KEYSTORE_PATH, KEYSTORE_TYPE, KEYSTORE_PASSWORD, KEY_PASSWORD);

  static final String PEM = "PEM";
  static final String REDACTED = "<redacted>";

  final String prefix;
  final String trustPath;
  final String trustType;
  final String trustPassword;
  final String keyPath;
  final String keyType;
  final String keyStorePassword;
  final String keyPassword;

  private TlsSettings(String prefix, String trustPath, String trustType, String trustPassword,
      String keyPath, String keyType, String keyStorePassword, String keyPassword) {
    this.prefix = prefix;
    this.trustPath = trustPath;
    this.trustType = trustType;
    this.trustPassword = trustPassword;
    this.keyPath = keyPath;
    this.keyType = keyType;
    this.keyStorePassword = keyStorePassword;
    this.keyPassword = keyPassword;
  }

  /**
   * Reads the keys {@code prefix + }{@link #SUFFIXES} through {@code lookup} (which returns null
   * for an absent key) and checks how they combine; the files are read by {@link #load()}.
   *
   * @param prefix e.g. {@code http.tls.}; errors name {@code producerProperty.<prefix><suffix>}
   * @throws TributaryConfigException naming the first key at fault
   */
  public static TlsSettings read(String prefix, Function<String, String> lookup) {
    String trustPath = lookup.apply(prefix + TRUSTSTORE_PATH);
    String trustTypeText = lookup.apply(prefix + TRUSTSTORE_TYPE);
    String trustPassword = lookup.apply(prefix + TRUSTSTORE_PASSWORD);
    String keyPath = lookup.apply(prefix + KEYSTORE_PATH);
    String keyTypeText = lookup.apply(prefix + KEYSTORE_TYPE);
    String keyStorePassword = lookup.apply(prefix + KEYSTORE_PASSWORD);
    String keyPassword = lookup.apply(prefix + KEY_PASSWORD);
    if (trustPath == null) {
      requireAbsent(prefix, TRUSTSTORE_PATH, TRUSTSTORE_TYPE, trustTypeText);
      requireAbsent(prefix, TRUSTSTORE_PATH, TRUSTSTORE_PASSWORD, trustPassword);
    }
    if (keyPath == null) {
      requireAbsent(prefix, KEYSTORE_PATH, KEYSTORE_TYPE, keyTypeText);
      requireAbsent(prefix, KEYSTORE_PATH, KEYSTORE_PASSWORD, keyStorePassword);
      requireAbsent(prefix, KEYSTORE_PATH, KEY_PASSWORD, keyPassword);
    }
    String trustType = trustPath == null ? null
        : type(prefix + TRUSTSTORE_TYPE, trustTypeText, trustPath, true);
    String keyType = keyPath == null ? null
        : type(prefix + KEYSTORE_TYPE, keyTypeText, keyPath, false);
    if (PEM.equals(trustType) && trustPassword != null) {
      throw invalid(prefix + TRUSTSTORE_PASSWORD, trustPassword,
          "a PEM file takes no password; set it only for PKCS12 or JKS");
    }
    return new TlsSettings(prefix, trustPath, trustType, trustPassword, keyPath, keyType,
        keyStorePassword, keyPassword);
  }

  /**
   * Reads the files: the trust and key managers a TLS client needs.
   *
   * @throws TributaryConfigException naming the key of the file (or password) that could not
   *     be used; the message never holds a password
   */
  public TlsMaterial load() {
    return TlsMaterial.load(this);
  }

  /** The trust store file, or null for the JVM's default CAs. */
  public String trustPath() {
    return trustPath;
  }

  /** The key store file, or null when no client certificate is offered. */
  public String keyPath() {
    return keyPath;
  }

  private static void requireAbsent(String prefix, String pathSuffix, String suffix,
      String value) {
    if (value != null) {
      throw invalid(prefix + suffix, value, "only meaningful with " + prefix + pathSuffix);
    }
  }

  private static String type(String key, String text, String path, boolean pemAllowed) {
    String t = text != null ? text.toUpperCase(Locale.ROOT) : inferType(path);
    if (t.equals("PKCS12") || t.equals("JKS") || (pemAllowed && t.equals(PEM))) {
      return t;
    }
    throw invalid(key, text, pemAllowed ? "PEM, PKCS12 or JKS"
        : "PKCS12 or JKS (a client key needs a key store)");
  }

  private static String inferType(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".pem") || p.endsWith(".crt") || p.endsWith(".cer")) {
      return PEM;
    }
    return p.endsWith(".jks") ? "JKS" : "PKCS12";
  }

  /** A config error for producer property {@code key}; a password's value is never shown. */
  static TributaryConfigException invalid(String key, String value, String allowed) {
    return invalid(key, value, allowed, null);
  }

  static TributaryConfigException invalid(String key, String value, String allowed,
      Throwable cause) {
    return new TributaryConfigException("producerProperty." + key,
        key.endsWith("password") && value != null ? REDACTED : value, allowed, cause);
  }

  @Override
  public String toString() {
    return "TlsSettings{trust=" + (trustPath == null ? "jvm-default" : trustType + ":"
        + trustPath) + ", key=" + (keyPath == null ? "none" : keyType + ":" + keyPath) + '}';
  }
}
