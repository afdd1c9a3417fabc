package dev.tributary.internal.http;

import static dev.tributary.internal.http.HttpKeys.AUTH_BASIC_PASSWORD;
import static dev.tributary.internal.http.HttpKeys.AUTH_BASIC_USER;
import static dev.tributary.internal.http.HttpKeys.AUTH_BEARER;
import static dev.tributary.internal.http.HttpKeys.CALL_TIMEOUT_MS;
import static dev.tributary.internal.http.HttpKeys.CONNECT_TIMEOUT_MS;

import dev.tributary.internal.tls.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings every HTTP transport shares, parsed and validated from the producer properties:
 * timeouts, authentication, extra headers and TLS material. Immutable; {@link #toString()}
 * shows header names but never a credential or header value.
 */
public final class HttpSettings {
  /** Headers the transports own; setting them through {@code http.header.*} is refused. */
  private static final Set<String> RESERVED = Set.of("authorization", "content-type",
      "content-length", "transfer-encoding", "host", "connection", "accept-encoding");

  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final String authorization;
  private final Map<String, String> headers;
  private final TlsSettings tls;

  private HttpSettings(Duration connectTimeout, Duration callTimeout, String authorization,
      Map<String, String> headers, TlsSettings tls) {
    this.connectTimeout = connectTimeout;
    this.callTimeout = callTimeout;
    this.authorization = authorization;
    this.headers = headers;
    this.tls = tls;
  }

  /**
   * Reads the {@code http.*} keys.
   *
   * @param tls whether the destination is {@code +https}; TLS keys are refused otherwise
   * @throws dev.tributary.TributaryConfigException naming the first key at fault
   */
  public static HttpSettings read(PropertyReader in, boolean tls) {
    Duration connect = Duration.ofMillis(in.longIn(CONNECT_TIMEOUT_MS,
        HttpKeys.DEFAULT_CONNECT_MS, 1, Integer.MAX_VALUE));
    Duration call = Duration.ofMillis(in.longIn(CALL_TIMEOUT_MS, HttpKeys.DEFAULT_CALL_MS, 1,
        Integer.MAX_VALUE));
    String authorization = authorization(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : in.prefixed(HttpKeys.HEADER_PREFIX).entrySet()) {
      String key = HttpKeys.HEADER_PREFIX + e.getKey();
      String name = e.getKey();
      if (!HeaderSyntax.isToken(name)) {
        throw in.invalid(key, "the header name '" + name + "' is not a valid HTTP token");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (RESERVED.contains(lower)) {
        throw in.invalid(key, "the transport sets " + name + " itself"
            + (lower.equals("authorization") ? "; use " + AUTH_BEARER + " or "
                + AUTH_BASIC_USER + "/" + AUTH_BASIC_PASSWORD : ""));
      }
      if (lower.startsWith("x-kafka-")) {
        throw in.invalid(key, "X-Kafka-* headers carry record headers to kafka-pixy");
      }
      if (!HeaderSyntax.isValue(e.getValue())) {
        throw in.invalid(key, "a header value must be printable ASCII or tab");
      }
      headers.put(name, e.getValue());
    }
    if (!tls && in.anyWithPrefix(HttpKeys.TLS_PREFIX)) {
      String key = in.prefixed(HttpKeys.TLS_PREFIX).keySet().iterator().next();
      throw in.invalid(HttpKeys.TLS_PREFIX + key, "TLS settings apply to "
          + in.scheme().replace("+http", "+https") + " destinations only");
    }
    return new HttpSettings(connect, call, authorization, Map.copyOf(headers),
        tls ? TlsSettings.read(HttpKeys.TLS_PREFIX, in::string) : null);
  }

  private static String authorization(PropertyReader in) {
    String bearer = in.string(AUTH_BEARER);
    String user = in.string(AUTH_BASIC_USER);
    String password = in.string(AUTH_BASIC_PASSWORD);
    if (bearer != null && (user != null || password != null)) {
      throw in.invalid(AUTH_BEARER, "set either " + AUTH_BEARER + " or " + AUTH_BASIC_USER
          + "/" + AUTH_BASIC_PASSWORD + ", not both");
    }
    if (bearer != null) {
      if (!HeaderSyntax.isValue(bearer) || bearer.indexOf(' ') >= 0) {
        throw in.invalid(AUTH_BEARER, "a token must be printable ASCII without spaces");
      }
      return "Bearer " + bearer;
    }
    if (user == null && password == null) {
      return null;
    }
    if (user == null) {
      throw in.invalid(AUTH_BASIC_PASSWORD, AUTH_BASIC_USER + " is required with a password");
    }
    if (password == null) {
      throw in.invalid(AUTH_BASIC_USER, AUTH_BASIC_PASSWORD + " is required with a user");
    }
    if (user.indexOf(':') >= 0) {
      throw in.invalid(AUTH_BASIC_USER, "a basic-auth user name cannot contain ':'");
    }
    // RFC 7617: UTF-8 when the server does not say otherwise; proxies accept it.
    byte[] raw = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(raw);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  /** The {@code Authorization} header value, or null; a secret. */
  String authorization() {
    return authorization;
  }

  /** Extra headers for every request; values may be secrets. */
  Map<String, String> headers() {
    return headers;
  }

  /** TLS material, or null for plain HTTP. */
  public TlsSettings tls() {
    return tls;
  }

  @Override
  public String toString() {
    return "HttpSettings{connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
        + ", auth=" + (authorization == null ? "none" : authorization.substring(0,
            authorization.indexOf(' '))) + ", headers=" + headers.keySet() + ", tls=" + tls + '}';
  }
}
