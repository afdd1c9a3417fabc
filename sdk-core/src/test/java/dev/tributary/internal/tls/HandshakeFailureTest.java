package dev.tributary.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

/** One line per failed handshake, naming what failed and the setting that decides. */
class HandshakeFailureTest {
  @Test
  void anUntrustedCertificateNamesPkixAndTheTrustStoreSettingOfTheTransport() {
    SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed: "
        + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
        + "certification path to requested target");
    e.initCause(new Exception("unable to find valid certification path to requested target"));
    assertThat(HandshakeFailure.describe(new IOException("wrapped", e), "kafka-pixy",
        "http.tls.", "pixy.example.com", "")).isEqualTo("TLS handshake with kafka-pixy "
        + "failed: SSLHandshakeException: PKIX path building failed: sun.security.provider."
        + "certpath.SunCertPathBuilderException: unable to find valid certification path to "
        + "requested target. kafka-pixy's certificate is not signed by a CA this client "
        + "trusts: set http.tls.truststore.path to the CA that signed it");
  }

  @Test
  void okHttpsFourLineHostnameMessageBecomesOneLineNamingTheHost() {
    SSLPeerUnverifiedException e = new SSLPeerUnverifiedException("Hostname localhost not "
        + "verified:\n    certificate: sha256/abc=\n    DN: CN=kafka-pixy\n"
        + "    subjectAltNames: [127.0.0.1]");
    assertThat(HandshakeFailure.describe(e, "the proxy", "http.tls.", "localhost", ""))
        .isEqualTo("TLS handshake with the proxy failed: SSLPeerUnverifiedException: Hostname "
            + "localhost not verified: certificate: sha256/abc= DN: CN=kafka-pixy "
            + "subjectAltNames: [127.0.0.1]. the proxy's certificate does not name localhost: "
            + "connect by a name or address the certificate holds");
  }

  @Test
  void anythingElseIsNotAHandshakeFailure() {
    assertThat(HandshakeFailure.describe(new ConnectException("Connection refused"),
        "kafka-pixy", "http.tls.", "localhost", "")).isNull();
    assertThat(HandshakeFailure.describe(null, "kafka-pixy", "http.tls.", "localhost", ""))
        .isNull();
  }
}
