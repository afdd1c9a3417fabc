package dev.tributary.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import okhttp3.tls.HeldCertificate;

/**
 * A self-made certificate authority for TLS tests, made in memory in milliseconds (OkHttp's
 * {@link HeldCertificate}; no keytool process, no BouncyCastle), with helpers that write what
 * servers and clients load: a CA PEM file, PKCS12 trust stores and key stores.
 *
 * <pre>{@code
 * TestCa ca = TestCa.create("test-ca");
 * HeldCertificate server = ca.issue("broker", "127.0.0.1", "localhost");
 * Path keyStore = TestCa.keyStore(dir.resolve("broker.p12"), server, ca, "pw");
 * Path trust = ca.writePem(dir.resolve("ca.pem"));
 * }</pre>
 *
 * <p>Immutable and thread-safe; file writes overwrite.
 */
public final class TestCa {
  private final HeldCertificate root;

  private TestCa(HeldCertificate root) {
    this.root = root;
  }

  /** A new root CA whose certificate's common name is {@code name}. */
  public static TestCa create(String name) {
    return new TestCa(new HeldCertificate.Builder().certificateAuthority(0).commonName(name)
        .duration(2, java.util.concurrent.TimeUnit.DAYS).build());
  }

  /** The CA's own certificate and key. */
  public HeldCertificate root() {
    return root;
  }

  /**
   * A leaf certificate valid from an hour ago for a day, signed by this CA, with common name
   * {@code commonName} and the given subject alternative names (IP addresses or DNS names).
   */
  public HeldCertificate issue(String commonName, String... altNames) {
    Instant now = Instant.now();
    return issue(commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)),
        altNames);
  }

  /** A leaf certificate that expired yesterday. */
  public HeldCertificate issueExpired(String commonName, String... altNames) {
    Instant now = Instant.now();
    return issue(commonName, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)),
        altNames);
  }

  private HeldCertificate issue(String commonName, Instant notBefore, Instant notAfter,
      String... altNames) {
    HeldCertificate.Builder b = new HeldCertificate.Builder().signedBy(root)
        .commonName(commonName).validityInterval(notBefore.toEpochMilli(), notAfter.toEpochMilli());
    for (String name : altNames) {
      b.addSubjectAlternativeName(name);
    }
    return b.build();
  }

  /** Writes the CA certificate as PEM: a trust file for clients that read PEM. */
  public Path writePem(Path file) {
    try {
      return Files.writeString(file, root.certificatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a PKCS12 trust store holding the CA certificate. */
  public Path trustStore(Path file, String password) {
    return store(file, password, ks -> ks.setCertificateEntry("ca", root.certificate()));
  }

  /**
   * Writes a PKCS12 key store holding {@code leaf}'s key and its chain up to {@code ca}, under
   * alias {@code key}, the key protected by the store password.
   */
  public static Path keyStore(Path file, HeldCertificate leaf, TestCa ca, String password) {
    return store(file, password, ks -> ks.setKeyEntry("key", leaf.keyPair().getPrivate(),
        password.toCharArray(), new Certificate[] {leaf.certificate(), ca.root.certificate()}));
  }

  private interface Fill {
    void into(KeyStore ks) throws GeneralSecurityException;
  }

  private static Path store(Path file, String password, Fill fill) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      fill.into(ks);
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, password.toCharArray());
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not write key store " + file, e);
    }
  }
}
