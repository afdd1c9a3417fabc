package dev.tributary.grpc.internal;

import dev.tributary.TributaryConfigException;
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
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads TLS material for {@code pixy+grpcs}: certificates to trust (a PEM file or a PKCS12/JKS
 * store) and a client key store for mutual TLS. Loaded when the config is validated, so a
 * missing file or a wrong password fails at startup. Error messages name files, never
 * passwords. Stateless.
 */
final class TlsMaterial {
  private TlsMaterial() {}

  /**
   * @param type PEM, PKCS12, JKS or null to infer from the file name
   * @param password for PKCS12/JKS, or null
   */
  static TrustManager[] trust(String path, String type, String password, String pathKey,
      String typeKey, String passwordKey) {
    String t = storeType(path, type, typeKey, true);
    if (t.equals("PEM") && password != null) {
      throw GrpcSettings.invalid(passwordKey, GrpcSettings.HIDDEN,
          "a PEM file takes no password; set it only for PKCS12 or JKS");
    }
    Path file = readable(path, pathKey);
    try {
      KeyStore store = t.equals("PEM") ? fromPem(file) : fromStore(file, t, password);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw failure(e, path, t, pathKey, passwordKey);
    }
  }

  /** Key managers from a PKCS12 or JKS store holding the client's certificate and key. */
  static KeyManager[] keys(String path, String type, String storePassword, String keyPassword,
      String pathKey, String typeKey, String passwordKey) {
    String t = storeType(path, type, typeKey, false);
    Path file = readable(path, pathKey);
    try {
      KeyStore store = fromStore(file, t, storePassword);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      String kp = keyPassword != null ? keyPassword : storePassword;
      kmf.init(store, kp == null ? new char[0] : kp.toCharArray());
      return kmf.getKeyManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw failure(e, path, t, pathKey, passwordKey);
    }
  }

  private static String storeType(String path, String type, String typeKey, boolean pemAllowed) {
    String t = type != null ? type.toUpperCase(Locale.ROOT) : inferType(path);
    if (!(t.equals("PKCS12") || t.equals("JKS") || (pemAllowed && t.equals("PEM")))) {
      throw GrpcSettings.invalid(typeKey, type, pemAllowed ? "PEM, PKCS12 or JKS"
          : "PKCS12 or JKS (a client key needs a key store)");
    }
    return t;
  }

  private static String inferType(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".pem") || p.endsWith(".crt") || p.endsWith(".cer")) {
      return "PEM";
    }
    return p.endsWith(".jks") ? "JKS" : "PKCS12";
  }

  private static Path readable(String path, String pathKey) {
    Path file = Path.of(path);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw GrpcSettings.invalid(pathKey, path, "a readable file");
    }
    return file;
  }

  private static TributaryConfigException failure(Exception e, String path, String type,
      String pathKey, String passwordKey) {
    boolean wrongPassword = e instanceof UnrecoverableKeyException
        || e.getCause() instanceof UnrecoverableKeyException
        || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
    if (wrongPassword) {
      return new TributaryConfigException("producerProperty." + passwordKey, GrpcSettings.HIDDEN,
          "the password does not open " + path, e);
    }
    // The JDK's messages name files and algorithms, never the password itself.
    return new TributaryConfigException("producerProperty." + pathKey, path, "not a readable "
        + type + " store with at least one certificate: " + e.getMessage(), e);
  }

  private static KeyStore fromPem(Path file) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(file)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate found");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      store.setCertificateEntry("ca-" + i++, c);
    }
    return store;
  }

  private static KeyStore fromStore(Path file, String type, String password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password == null ? null : password.toCharArray());
    }
    if (store.size() == 0) {
      throw new GeneralSecurityException("the store is empty");
    }
    return store;
  }
}
