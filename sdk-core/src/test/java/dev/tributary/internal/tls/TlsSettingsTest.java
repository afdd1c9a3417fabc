package dev.tributary.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.TributaryConfigException;
import dev.tributary.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one TLS loader: how the seven keys combine, and what each broken file is reported as. */
class TlsSettingsTest {
  private static final String PREFIX = "x.tls.";
  private static final String PW = "st0re-secret";
  @TempDir
  static Path dir;
  static TestCa ca;
  static Path caPem;
  static Path caP12;
  static Path clientP12;

  @BeforeAll
  static void files() {
    ca = TestCa.create("loader-ca");
    caPem = ca.writePem(dir.resolve("ca.pem"));
    caP12 = ca.trustStore(dir.resolve("ca.p12"), PW);
    clientP12 = TestCa.keyStore(dir.resolve("client.p12"), ca.issue("client"), ca, PW);
  }

  private static TlsSettings read(String... keyValues) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.put(PREFIX + keyValues[i], keyValues[i + 1]);
    }
    return TlsSettings.read(PREFIX, p::get);
  }

  private static void rejected(String setting, String fragment, String... keyValues) {
    assertThatThrownBy(() -> read(keyValues).load())
        .isInstanceOfSatisfying(TributaryConfigException.class, e -> {
          assertThat(e.setting()).isEqualTo("producerProperty." + PREFIX + setting);
          assertThat(e.getMessage()).contains(fragment).doesNotContain(PW)
              .doesNotContain("wr0ng-pw");
        });
  }

  @Test
  void theTypeFollowsTheFileNameUnlessSet() {
    assertThat(read("truststore.path", "/etc/ca.pem").toString()).contains("PEM:/etc/ca.pem");
    assertThat(read("truststore.path", "/etc/ca.crt").toString()).contains("PEM:");
    assertThat(read("truststore.path", "/etc/trust.jks").toString()).contains("JKS:");
    assertThat(read("truststore.path", "/etc/trust.p12").toString()).contains("PKCS12:");
    assertThat(read("truststore.path", "/etc/trust", "truststore.type", "jks").toString())
        .contains("JKS:");
    assertThat(read("keystore.path", "/etc/client.jks").toString()).contains("key=JKS:");
    assertThat(read().toString()).isEqualTo("TlsSettings{trust=jvm-default, key=none}");
  }

  @Test
  void keysMustCombine() {
    rejected("truststore.password", "only meaningful with x.tls.truststore.path",
        "truststore.password", PW);
    rejected("key.password", "only meaningful with x.tls.keystore.path", "key.password", PW);
    rejected("truststore.password", "a PEM file takes no password", "truststore.path",
        "/ca.pem", "truststore.password", PW);
    rejected("keystore.type", "PKCS12 or JKS", "keystore.path", "/k.pem", "keystore.type",
        "PEM");
    rejected("truststore.type", "PEM, PKCS12 or JKS", "truststore.path", "/t",
        "truststore.type", "DER");
  }

  @Test
  void loadsAPemOrPkcs12TrustStoreAndAClientKeyStore() {
    X509Certificate root = ca.root().certificate();
    assertThat(read("truststore.path", caPem.toString()).load().trustManager()
        .getAcceptedIssuers()).containsExactly(root);
    TlsMaterial both = read("truststore.path", caP12.toString(), "truststore.password", PW,
        "keystore.path", clientP12.toString(), "keystore.password", PW).load();
    assertThat(both.trustManager().getAcceptedIssuers()).containsExactly(root);
    assertThat(both.keyManagers()).isNotEmpty();
    assertThat(both.socketFactory()).isNotNull();
    assertThat(read().load().keyManagers()).as("no key store, no client certificate").isNull();
  }

  @Test
  void eachBrokenFileIsReportedUnderItsSettingWithoutThePassword() throws Exception {
    rejected("truststore.path", "must be a readable file", "truststore.path",
        dir.resolve("missing.pem").toString());
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
    rejected("truststore.path", "could not load the PEM trust store", "truststore.path",
        junk.toString());
    rejected("truststore.password", "does not open the PKCS12 trust store " + caP12,
        "truststore.path", caP12.toString(), "truststore.password", "wr0ng-pw");
    rejected("keystore.password", "does not open the PKCS12 key store " + clientP12,
        "keystore.path", clientP12.toString(), "keystore.password", "wr0ng-pw");
    rejected("key.password", "does not unlock the private key in " + clientP12,
        "keystore.path", clientP12.toString(), "keystore.password", PW, "key.password",
        "wr0ng-pw");
    rejected("keystore.path", "holds no private key", "keystore.path", caP12.toString(),
        "keystore.password", PW);
    rejected("truststore.path", "could not load the PKCS12 trust store", "truststore.path",
        junk.toString(), "truststore.type", "PKCS12");
  }

  @Test
  void toStringNamesFilesNeverPasswords() {
    String s = read("truststore.path", caP12.toString(), "truststore.password", PW,
        "keystore.path", clientP12.toString(), "keystore.password", PW, "key.password",
        PW).toString();
    assertThat(s).contains(caP12.toString(), clientP12.toString()).doesNotContain(PW);
  }
}
