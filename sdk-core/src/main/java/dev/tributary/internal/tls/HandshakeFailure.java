package dev.tributary.internal.tls;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Says in one line why a proxy's TLS handshake failed and what to set, for the HTTP and gRPC
 * transports alike. The clients' own reports do not: grpc-java says {@code UNAVAILABLE: io
 * exception} plus its channel pipeline, and the innermost cause ("unable to find valid
 * certification path") names neither TLS nor the setting that decides; OkHttp's hostname
 * message spans four lines.
 *
 * <pre>{@code
 * String why = HandshakeFailure.describe(error, "kafka-pixy", "http.tls.", host, "");
 * // "TLS handshake with kafka-pixy failed: SSLHandshakeException: PKIX path building failed:
 * //  ... kafka-pixy's certificate is not signed by a CA this client trusts: set
 * //  http.tls.truststore.path to the CA that signed it", or null for any other failure
 * }</pre>
 */
public final class HandshakeFailure {
  /** Netty's OpenSSL engine's message around the JDK's; it says nothing itself. */
  private static final String OPENSSL_WRAPPER = "General OpenSslEngine problem";
  private static final int MAX_MESSAGES = 4;

  private HandshakeFailure() {}

  /**
   * The explanation of {@code error}, or null when no {@link SSLException} is among its causes.
   *
   * @param server what was reached, e.g. {@code kafka-pixy}
   * @param prefix the transport's TLS settings prefix, e.g. {@code grpc.tls.}
   * @param host the name the certificate was checked against, as the user should read it
   * @param hostHint appended to the advice for a certificate that does not name {@code host},
   *     e.g. {@code ", or set grpc.authority to one"}; empty for none
   */
  public static String describe(Throwable error, String server, String prefix, String host,
      String hostHint) {
    SSLException handshake = null;
    for (Throwable t = error; t != null && handshake == null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        handshake = ssl;
      }
    }
    if (handshake == null) {
      return null;
    }
    String what = messages(handshake).replaceAll("\\.+$", "");
    String advice;
    if (what.contains("validity check failed") || what.contains("NotAfter")) {
      advice = server + "'s certificate has expired or is not valid yet: it must be renewed";
    } else if (what.contains("PKIX") || what.contains("certification path")) {
      advice = server + "'s certificate is not signed by a CA this client trusts: set "
          + prefix + TlsSettings.TRUSTSTORE_PATH + " to the CA that signed it";
    } else if (what.contains("subject alternative") || what.contains("No name matching")
        || what.contains("not verified")) {
      advice = server + "'s certificate does not name " + host + ": connect by a name or "
          + "address the certificate holds" + hostHint;
    } else {
      advice = "Check that " + server + " serves TLS on this port, and " + prefix
          + "truststore.* and " + prefix + "keystore.*";
    }
    return "TLS handshake with " + server + " failed: " + handshake.getClass().getSimpleName()
        + ": " + what + ". " + advice;
  }

  /** The distinct messages along {@code e}'s causes, each on one line, joined. */
  private static String messages(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < MAX_MESSAGES; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\s+", " ");
      if (!m.isEmpty() && !m.equals(OPENSSL_WRAPPER)
          && parts.stream().noneMatch(p -> p.contains(m))) {
        parts.add(m);
      }
    }
    return parts.isEmpty() ? e.getClass().getName() : String.join(": ", parts);
  }
}
