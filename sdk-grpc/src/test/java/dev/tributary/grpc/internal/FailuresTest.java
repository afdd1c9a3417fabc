package dev.tributary.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.spi.Diagnostics;
import io.grpc.Status;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * How a failed TLS handshake reads: grpc-java says {@code UNAVAILABLE: io exception} and its
 * channel pipeline; the producer's status must say that the handshake failed, why, and what to
 * set, on one line.
 */
class FailuresTest {
  private static final String PIPELINE = "io exception\nChannel Pipeline: [SslHandler#0, "
      + "ProtocolNegotiators$ClientTlsHandler#0, WriteBufferingAndExceptionHandler#0]";

  private static Failures failures(String destination, Map<String, String> props) {
    TributaryConfig c = TributaryConfig.builder(destination).diagnostics(Diagnostics.none())
        .jmxEnabled(false).producerProperties(props).build();
    return new Failures(destination, GrpcSettings.parse(c.destination(), c));
  }

  /**
   * As grpc-java's Netty transport reports it: the handshake exception inside a wrapper, and
   * inside Netty's OpenSSL engine's own.
   */
  private static Throwable handshakeFailure(String message, Throwable cause) {
    SSLHandshakeException jdk = new SSLHandshakeException(message);
    jdk.initCause(cause);
    SSLHandshakeException handshake = new SSLHandshakeException("General OpenSslEngine problem");
    handshake.initCause(jdk);
    return Status.UNAVAILABLE.withDescription(PIPELINE)
        .withCause(new RuntimeException("wrapper: " + handshake, handshake))
        .asRuntimeException();
  }

  private static String message(Failures f, Throwable error) {
    Failures.Verdict v = f.classify(error, "logs", false);
    assertThat(v.retriable()).as("TLS trouble can be fixed while records wait").isTrue();
    return v.cause().getMessage();
  }

  @Test
  void anUntrustedCertificateNamesPkixAndTheTrustStoreSetting() {
    String m = message(failures("pixy+grpcs://pixy.example.com:19091", Map.of()),
        handshakeFailure("PKIX path building failed: sun.security.provider.certpath."
            + "SunCertPathBuilderException: unable to find valid certification path to "
            + "requested target", new Exception("unable to find valid certification path to "
            + "requested target")));
    assertThat(m).isEqualTo("KafkaPixy.Produce to pixy+grpcs://pixy.example.com:19091 failed: "
        + "UNAVAILABLE: TLS handshake with kafka-pixy failed: SSLHandshakeException: PKIX path building failed: "
        + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
        + "certification path to requested target. kafka-pixy's certificate is not signed by a "
        + "CA this client trusts: set grpc.tls.truststore.path to the CA that signed it");
  }

  @Test
  void anExpiredCertificateIsNamedAsSuch() {
    String m = message(failures("pixy+grpcs://127.0.0.1:19091", Map.of()),
        handshakeFailure("PKIX path validation failed: java.security.cert."
            + "CertPathValidatorException: validity check failed",
            new CertificateExpiredException("NotAfter: Tue Dec 01 10:00:00 UTC 2026")));
    assertThat(m).endsWith("validity check failed: NotAfter: Tue Dec 01 10:00:00 UTC 2026. "
        + "kafka-pixy's certificate has expired or is not valid yet: it must be renewed");
  }

  @Test
  void aCertificateForAnotherHostNamesTheHostAndTheAuthoritySetting() {
    Throwable error = handshakeFailure("No subject alternative DNS name matching localhost "
        + "found.", new CertificateException("No subject alternative DNS name matching "
        + "localhost found."));
    assertThat(message(failures("pixy+grpcs://localhost:19091", Map.of()), error))
        .endsWith("UNAVAILABLE: TLS handshake with kafka-pixy failed: SSLHandshakeException: No subject alternative "
            + "DNS name matching localhost found. kafka-pixy's certificate does not name "
            + "localhost: connect by a name or address the certificate holds, or set "
            + "grpc.authority to one");
    assertThat(message(failures("pixy+grpcs://10.0.0.7:19091",
        Map.of(PixyGrpcProperties.AUTHORITY, "localhost")), error))
        .endsWith("does not name localhost (grpc.authority): connect by a name or address the "
            + "certificate holds");
  }

  @Test
  void anotherHandshakeFailureSaysWhatToCheckOnBothSides() {
    String m = message(failures("pixy+grpcs://127.0.0.1:19091", Map.of()),
        handshakeFailure("Unsupported or unrecognized SSL message", null));
    assertThat(m).contains("TLS handshake with kafka-pixy failed: SSLHandshakeException: "
        + "Unsupported or unrecognized SSL message. Check that kafka-pixy serves TLS on this port, and "
        + "grpc.tls.truststore.* and grpc.tls.keystore.*").doesNotContain("\n");
  }

  @Test
  void otherFailuresKeepTheStatusAndTheInnermostCause() {
    Throwable error = Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new java.net.ConnectException("Connection refused")).asRuntimeException();
    assertThat(message(failures("pixy+grpcs://127.0.0.1:19091", Map.of()), error))
        .endsWith("failed: UNAVAILABLE: io exception (caused by java.net.ConnectException: "
            + "Connection refused)");
  }
}
