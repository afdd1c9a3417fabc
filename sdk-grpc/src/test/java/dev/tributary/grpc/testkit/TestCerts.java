package dev.tributary.grpc.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * Self-signed certificates made with the JDK's {@code keytool}, offline: a key store (PKCS12)
 * and its certificate as PEM, for {@code localhost} and {@code 127.0.0.1}.
 */
public final class TestCerts {
  public static final String PASSWORD = "changeit";

  /** The PKCS12 store holding the key and certificate. */
  public final Path keyStore;
  /** The certificate alone, PEM. */
  public final Path certPem;

  private TestCerts(Path keyStore, Path certPem) {
    this.keyStore = keyStore;
    this.certPem = certPem;
  }

  /** Generates a key pair and a self-signed certificate named {@code name} in {@code dir}. */
  public static TestCerts generate(Path dir, String name) throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
        "-keypass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", PASSWORD, "-file", pem.toString());
    return new TestCerts(store, pem);
  }

  /** Key managers serving this certificate. */
  public KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    return kmf.getKeyManagers();
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }
}
