package dev.tributary.internal.http;

import static dev.tributary.internal.http.HttpKeys.KEYSTORE_PASSWORD;
import static dev.tributary.internal.http.HttpKeys.KEYSTORE_PATH;
import static dev.tributary.internal.http.HttpKeys.KEYSTORE_TYPE;
import static dev.tributary.internal.http.HttpKeys.KEY_PASSWORD;
import static dev.tributary.internal.http.HttpKeys.TRUSTSTORE_PASSWORD;
import static dev.tributary.internal.http.HttpKeys.TRUSTSTORE_PATH;
import static dev.tributary.internal.http.HttpKeys.TRUSTSTORE_TYPE;

import java.util.Locale;
import java.util.Set;

/**
 * Where the TLS trust and key material of an {@code +https} destination lives. Without a trust
 * store the JDK's default CAs apply; without a key store no client certificate is offered.
 * Immutable; {@link #toString()} never shows a password.
 *
 * @param trustPath trust store file, or null for the JDK's CAs
 * @param trustPassword its password, or null
 * @param trustType {@code PKCS12}, {@code JKS} or {@code PEM}
 * @param keyPath key store file for mutual TLS, or null
 * @param keyStorePassword its password, or null
 * @param keyType {@code PKCS12} or {@code JKS}
 * @param keyPassword the private key's password, or null for the key store's
 */
public record TlsSettings(String trustPath, String trustPassword, String trustType,
    String keyPath, String keyStorePassword, String keyType, String keyPassword) {
  static final String PEM = "PEM";
  private static final Set<String> STORE_TYPES = Set.of("PKCS12", "JKS");

  /** Reads the {@code http.tls.*} keys; validates combinations, not the files. */
  static TlsSettings read(PropertyReader in) {
    String trustPath = in.string(TRUSTSTORE_PATH);
    String trustPassword = in.string(TRUSTSTORE_PASSWORD);
    String trustType = type(in, TRUSTSTORE_TYPE, true);
    String keyPath = in.string(KEYSTORE_PATH);
    String keyStorePassword = in.string(KEYSTORE_PASSWORD);
    String keyType = type(in, KEYSTORE_TYPE, false);
    String keyPassword = in.string(KEY_PASSWORD);
    if (trustPath == null && (trustPassword != null || in.string(TRUSTSTORE_TYPE) != null)) {
      throw in.invalid(trustPassword != null ? TRUSTSTORE_PASSWORD : TRUSTSTORE_TYPE,
          "needs " + TRUSTSTORE_PATH);
    }
    if (PEM.equals(trustType) && trustPassword != null) {
      throw in.invalid(TRUSTSTORE_PASSWORD, "a PEM trust file has no password; remove it");
    }
    if (keyPath == null && (keyStorePassword != null || keyPassword != null
        || in.string(KEYSTORE_TYPE) != null)) {
      String key = keyStorePassword != null ? KEYSTORE_PASSWORD
          : keyPassword != null ? KEY_PASSWORD : KEYSTORE_TYPE;
      throw in.invalid(key, "needs " + KEYSTORE_PATH);
    }
    return new TlsSettings(trustPath, trustPassword, trustType, keyPath, keyStorePassword,
        keyType, keyPassword);
  }

  private static String type(PropertyReader in, String key, boolean pemAllowed) {
    String v = in.string(key);
    if (v == null) {
      return "PKCS12";
    }
    String t = v.toUpperCase(Locale.ROOT);
    if (STORE_TYPES.contains(t) || (pemAllowed && t.equals(PEM))) {
      return t;
    }
    throw in.invalid(key, pemAllowed ? "must be PKCS12, JKS or PEM" : "must be PKCS12 or JKS");
  }

  @Override
  public String toString() {
    return "TlsSettings{trust=" + (trustPath == null ? "jdk-default" : trustType + ":"
        + trustPath) + ", key=" + (keyPath == null ? "none" : keyType + ":" + keyPath) + '}';
  }
}
