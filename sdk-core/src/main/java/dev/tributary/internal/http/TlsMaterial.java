package dev.tributary.internal.http;

import dev.tributary.TributaryConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Loaded TLS material: the socket factory and trust manager OkHttp needs. Loading reads local
 * files only, so validation does it too and a wrong path or password fails at startup.
 *
 * @param socketFactory creates TLS sockets offering the client certificate, if any
 * @param trustManager decides which server certificates to trust
 */
public record TlsMaterial(SSLSocketFactory socketFactory, X509TrustManager trustManager) {

  /**
   * Loads {@code settings}.
   *
   * @throws TributaryConfigException naming the path key of the file that could not be used;
   *     the message never holds a password
   */
  public static TlsMaterial load(TlsSettings settings) {
    X509TrustManager trust = trustManager(settings);
    KeyManager[] keys = keyManagers(settings);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return new TlsMaterial(context.getSocketFactory(), trust);
    } catch (GeneralSecurityException e) {
      throw new TributaryConfigException(PropertyReader.setting(HttpKeys.TRUSTSTORE_PATH),
          settings.trustPath(), "could not set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(TlsSettings s) {
    try {
      KeyStore store = null;
      if (s.trustPath() != null) {
        store = TlsSettings.PEM.equals(s.trustType()) ? pemStore(Path.of(s.trustPath()))
            : keyStore(s.trustPath(), s.trustType(), s.trustPassword());
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new GeneralSecurityException("no X509TrustManager available");
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TributaryConfigException(PropertyReader.setting(HttpKeys.TRUSTSTORE_PATH),
          s.trustPath(), "could not load the " + s.trustType() + " trust store (check "
              + HttpKeys.TRUSTSTORE_TYPE + " and " + HttpKeys.TRUSTSTORE_PASSWORD + "): "
              + e.getMessage(), e);
    }
  }

  private static KeyManager[] keyManagers(TlsSettings s) {
    if (s.keyPath() == null) {
      return null;
    }
    try {
      KeyStore store = keyStore(s.keyPath(), s.keyType(), s.keyStorePassword());
      String keyPassword = s.keyPassword() != null ? s.keyPassword() : s.keyStorePassword();
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, keyPassword == null ? new char[0] : keyPassword.toCharArray());
      return kmf.getKeyManagers();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TributaryConfigException(PropertyReader.setting(HttpKeys.KEYSTORE_PATH),
          s.keyPath(), "could not load the " + s.keyType() + " key store (check "
              + HttpKeys.KEYSTORE_TYPE + ", " + HttpKeys.KEYSTORE_PASSWORD + " and "
              + HttpKeys.KEY_PASSWORD + "): " + e.getMessage(), e);
    }
  }

  private static KeyStore keyStore(String path, String type, String password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    return store;
  }

  private static KeyStore pemStore(Path path) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(path)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate found in the PEM file");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      store.setCertificateEntry("ca-" + i++, c);
    }
    return store;
  }
}
