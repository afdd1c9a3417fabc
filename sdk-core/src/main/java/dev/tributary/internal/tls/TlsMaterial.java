package dev.tributary.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Loaded TLS material: the trust manager that decides which servers to trust, the key managers
 * offering the client certificate (null without one) and an {@link SSLContext} over both. The
 * one loader every TLS transport uses; loading reads local files only, so config validation
 * does it and a wrong path or password fails at startup. Immutable.
 *
 * @param context a TLS context over the two
 * @param trustManager the trust store's, or the JVM default's
 * @param keyManagers the key store's, or null when no client certificate is configured
 */
public record TlsMaterial(SSLContext context, X509TrustManager trustManager,
    KeyManager[] keyManagers) {

  /** Creates TLS sockets offering the client certificate, if any. */
  public SSLSocketFactory socketFactory() {
    return context.getSocketFactory();
  }

  /**
   * Reads {@code s}'s files.
   *
   * @throws dev.tributary.TributaryConfigException naming the key of the file (or password)
   *     that could not be used; the message never holds a password
   */
  public static TlsMaterial load(TlsSettings s) {
    X509TrustManager trust = trustManager(s);
    KeyManager[] keys = s.keyPath == null ? null : keyManagers(s);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return new TlsMaterial(context, trust, keys);
    } catch (GeneralSecurityException e) {
      throw TlsSettings.invalid(s.prefix + TlsSettings.TRUSTSTORE_PATH, s.trustPath,
          "could not set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(TlsSettings s) {
    KeyStore store = null;
    if (s.trustPath != null) {
      store = TlsSettings.PEM.equals(s.trustType)
          ? pemStore(s, readable(s.prefix + TlsSettings.TRUSTSTORE_PATH, s.trustPath))
          : store(s, true);
    }
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new GeneralSecurityException("no X509TrustManager available");
    } catch (GeneralSecurityException e) {
      throw TlsSettings.invalid(s.prefix + TlsSettings.TRUSTSTORE_PATH, s.trustPath,
          "could not use it as a trust store: " + e.getMessage(), e);
    }
  }

  private static KeyManager[] keyManagers(TlsSettings s) {
    KeyStore store = store(s, false);
    boolean ownKeyPassword = s.keyPassword != null;
    String password = ownKeyPassword ? s.keyPassword : s.keyStorePassword;
    try {
      if (!hasKey(store)) {
        throw TlsSettings.invalid(s.prefix + TlsSettings.KEYSTORE_PATH, s.keyPath,
            "holds no private key; a key store for mutual TLS needs the client's key and "
                + "certificate");
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password == null ? new char[0] : password.toCharArray());
      return kmf.getKeyManagers();
    } catch (UnrecoverableKeyException e) {
      String key = s.prefix + (ownKeyPassword ? TlsSettings.KEY_PASSWORD
          : TlsSettings.KEYSTORE_PASSWORD);
      throw TlsSettings.invalid(key, password, "does not unlock the private key in "
          + s.keyPath + (ownKeyPassword ? "" : "; set " + s.prefix + TlsSettings.KEY_PASSWORD
              + " if the key has a password of its own"), e);
    } catch (GeneralSecurityException e) {
      throw TlsSettings.invalid(s.prefix + TlsSettings.KEYSTORE_PATH, s.keyPath,
          "could not use it as a key store: " + e.getMessage(), e);
    }
  }

  private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        return true;
      }
    }
    return false;
  }

  /** Reads a PKCS12/JKS trust ({@code trust}) or key store, naming the key at fault. */
  private static KeyStore store(TlsSettings s, boolean trust) {
    String what = trust ? "trust store" : "key store";
    String pathKey = s.prefix + (trust ? TlsSettings.TRUSTSTORE_PATH : TlsSettings.KEYSTORE_PATH);
    String passwordKey = s.prefix
        + (trust ? TlsSettings.TRUSTSTORE_PASSWORD : TlsSettings.KEYSTORE_PASSWORD);
    String path = trust ? s.trustPath : s.keyPath;
    String type = trust ? s.trustType : s.keyType;
    String password = trust ? s.trustPassword : s.keyStorePassword;
    Path file = readable(pathKey, path);
    try {
      KeyStore store = read(file, type, password);
      if (store.size() == 0) {
        throw TlsSettings.invalid(pathKey, path, "the " + type + " " + what + " is empty");
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      if (isWrongPassword(e)) {
        throw TlsSettings.invalid(passwordKey, password, password == null
            ? "the " + type + " " + what + " " + path + " needs a password"
            : "does not open the " + type + " " + what + " " + path, e);
      }
      // The JDK's messages name formats and algorithms, never the password.
      throw TlsSettings.invalid(pathKey, path, "could not load the " + type + " " + what
          + " (check " + s.prefix + (trust ? TlsSettings.TRUSTSTORE_TYPE
              : TlsSettings.KEYSTORE_TYPE) + "): " + e.getMessage(), e);
    }
  }

  /** Reads a PKCS12 or JKS store; a null password skips the integrity check where allowed. */
  public static KeyStore read(Path file, String type, String password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    return store;
  }

  private static boolean isWrongPassword(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnrecoverableKeyException) {
        return true;
      }
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("password");
  }

  private static Path readable(String pathKey, String path) {
    Path file = Path.of(path);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw TlsSettings.invalid(pathKey, path, "must be a readable file");
    }
    return file;
  }

  private static KeyStore pemStore(TlsSettings s, Path file) {
    try {
      Collection<? extends Certificate> certs;
      try (InputStream in = Files.newInputStream(file)) {
        certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certs.isEmpty()) {
        throw new GeneralSecurityException("no certificate found");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw TlsSettings.invalid(s.prefix + TlsSettings.TRUSTSTORE_PATH, s.trustPath,
          "could not load the PEM trust store: " + e.getMessage(), e);
    }
  }
}
