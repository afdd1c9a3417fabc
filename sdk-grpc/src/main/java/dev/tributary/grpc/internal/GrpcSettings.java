package dev.tributary.grpc.internal;

import static dev.tributary.grpc.PixyGrpcProperties.ASYNC;
import static dev.tributary.grpc.PixyGrpcProperties.AUTHORITY;
import static dev.tributary.grpc.PixyGrpcProperties.AUTH_BEARER;
import static dev.tributary.grpc.PixyGrpcProperties.CLUSTER;
import static dev.tributary.grpc.PixyGrpcProperties.DEADLINE_MS;
import static dev.tributary.grpc.PixyGrpcProperties.KEEPALIVE_MS;
import static dev.tributary.grpc.PixyGrpcProperties.MAX_IN_FLIGHT;
import static dev.tributary.grpc.PixyGrpcProperties.MAX_IN_FLIGHT_BYTES;
import static dev.tributary.grpc.PixyGrpcProperties.METADATA_PREFIX;
import static dev.tributary.grpc.PixyGrpcProperties.TLS_KEYSTORE_PASSWORD;
import static dev.tributary.grpc.PixyGrpcProperties.TLS_KEYSTORE_PATH;
import static dev.tributary.grpc.PixyGrpcProperties.TLS_KEYSTORE_TYPE;
import static dev.tributary.grpc.PixyGrpcProperties.TLS_KEY_PASSWORD;
import static dev.tributary.grpc.PixyGrpcProperties.TLS_TRUSTSTORE_PASSWORD;
import static dev.tributary.grpc.PixyGrpcProperties.TLS_TRUSTSTORE_PATH;
import static dev.tributary.grpc.PixyGrpcProperties.TLS_TRUSTSTORE_TYPE;

import dev.tributary.TributaryConfig;
import dev.tributary.TributaryConfigException;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.internal.http.PropertyReader;
import dev.tributary.internal.tls.TlsMaterial;
import dev.tributary.internal.tls.TlsSettings;
import dev.tributary.spi.Destination;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * The gRPC transport's settings, parsed and validated from a destination and the producer
 * properties described in {@link PixyGrpcProperties}. Immutable; {@link #toString()} shows
 * metadata names, never their values.
 */
final class GrpcSettings {
  static final String GRPC = "pixy+grpc";
  static final String GRPCS = "pixy+grpcs";
  /** Shown in exception messages instead of a secret or an unknown key's value. */
  static final String HIDDEN = "***";
  private static final Set<String> TLS_KEYS = Set.of(TLS_TRUSTSTORE_PATH, TLS_TRUSTSTORE_TYPE,
      TLS_TRUSTSTORE_PASSWORD, TLS_KEYSTORE_PATH, TLS_KEYSTORE_TYPE, TLS_KEYSTORE_PASSWORD,
      TLS_KEY_PASSWORD);
  private static final List<String> ACCEPTED_KEYS = List.of(DEADLINE_MS, MAX_IN_FLIGHT,
      MAX_IN_FLIGHT_BYTES, ASYNC, KEEPALIVE_MS, AUTHORITY, AUTH_BEARER, METADATA_PREFIX + "<name>", CLUSTER,
      TLS_TRUSTSTORE_PATH, TLS_TRUSTSTORE_TYPE, TLS_TRUSTSTORE_PASSWORD, TLS_KEYSTORE_PATH,
      TLS_KEYSTORE_TYPE, TLS_KEYSTORE_PASSWORD, TLS_KEY_PASSWORD);
  private static final String ACCEPTED = String.join(", ", ACCEPTED_KEYS);
  private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "te", "user-agent",
      "host", "connection", "keep-alive", "transfer-encoding", "upgrade", "accept-encoding",
      "content-encoding");
  private static final String AUTHORIZATION = "authorization";
  /** The grpc.tls.* keys are read by core's one TLS loader, as http.tls.* are. */
  private static final String TLS_PREFIX = "grpc.tls.";

  final String host;
  final int port;
  final boolean tls;
  final Duration deadline;
  final int maxInFlight;
  final long maxInFlightBytes;
  /** kafka-pixy's async mode: answers before Kafka has the record (explicit opt-in). */
  final boolean async;
  final Duration keepAlive;
  /** Null means the destination's host and port. */
  final String authority;
  /** Empty means kafka-pixy's default cluster. */
  final String cluster;
  /** Null means the JVM's default trust store. */
  final TrustManager[] trustManagers;
  /** Null means no client certificate. */
  final KeyManager[] keyManagers;
  /** Header name to value; values are secrets. */
  final Map<String, String> metadata;
  private final Map<String, String> tlsFiles;

  private GrpcSettings(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.tls = b.tls;
    this.deadline = Duration.ofMillis(b.deadlineMs);
    this.maxInFlight = b.maxInFlight;
    this.maxInFlightBytes = b.maxInFlightBytes;
    this.async = b.async;
    this.keepAlive = Duration.ofMillis(b.keepAliveMs);
    this.authority = b.authority;
    this.cluster = b.cluster;
    this.trustManagers = b.trustManagers;
    this.keyManagers = b.keyManagers;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.tlsFiles = Map.copyOf(b.tlsFiles);
  }

  /**
   * Parses and checks everything this transport reads; reads TLS files if set, never the
   * network.
   *
   * @throws TributaryConfigException naming the first setting at fault
   */
  static GrpcSettings parse(Destination destination, TributaryConfig config) {
    Builder b = new Builder();
    b.tls = destination.scheme().equals(GRPCS);
    String usage = "expected " + destination.scheme() + "://host:port (default port "
        + PixyGrpcProperties.DEFAULT_PORT + ")";
    if (!destination.path().isEmpty() && !destination.path().equals("/")) {
      throw new TributaryConfigException(Destination.SETTING, destination.uri(),
          "a " + destination.scheme() + " destination takes no path; " + usage);
    }
    if (destination.hosts().size() != 1) {
      throw new TributaryConfigException(Destination.SETTING, destination.uri(),
          "exactly one kafka-pixy host is allowed (put several behind one DNS name or load "
              + "balancer); " + usage);
    }
    Destination.HostPort hp = destination.hosts().get(0)
        .withDefaultPort(PixyGrpcProperties.DEFAULT_PORT);
    b.host = hp.host();
    b.port = hp.port();
    Map<String, String> tlsProps = new HashMap<>();
    for (Map.Entry<String, String> e : config.producerProperties().entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (TLS_KEYS.contains(key)) {
        if (!b.tls) {
          throw invalid(key, isSecret(key) ? HIDDEN : value,
              "TLS settings need a pixy+grpcs:// destination; pixy+grpc:// is plaintext");
        }
        tlsProps.put(key, value);
        continue;
      }
      switch (key) {
        case DEADLINE_MS -> b.deadlineMs = number(key, value, 1, 3_600_000);
        case MAX_IN_FLIGHT -> b.maxInFlight = (int) number(key, value, 1, 65_536);
        case MAX_IN_FLIGHT_BYTES -> b.maxInFlightBytes = number(key, value, 1024, 1L << 30);
        case ASYNC -> {
          if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(key, value, "true or false");
          }
          b.async = Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT));
        }
        case KEEPALIVE_MS -> {
          b.keepAliveMs = number(key, value, 0, 86_400_000);
          if (b.keepAliveMs > 0 && b.keepAliveMs < 10_000) {
            throw invalid(key, value, "0 (off) or 10000..86400000 ms; gRPC allows no shorter "
                + "keep-alive interval");
          }
        }
        case AUTHORITY -> {
          if (!value.matches("[A-Za-z0-9._~%:\\[\\]-]+")) {
            throw invalid(key, value, "a host or host:port, e.g. pixy.internal:19091");
          }
          b.authority = value;
        }
        case AUTH_BEARER -> {
          if (!value.matches("[\\x21-\\x7e]+")) {
            throw invalid(key, HIDDEN, "a non-empty token of printable ASCII without spaces");
          }
          putHeader(b, key, AUTHORIZATION, "Bearer " + value);
        }
        case CLUSTER -> b.cluster = value;
        default -> {
          if (!key.startsWith(METADATA_PREFIX)) {
            String what = PropertyReader.whatItIs(key, ACCEPTED_KEYS);
            throw invalid(key, HIDDEN, "not a " + destination.scheme() + " setting"
                + (what.isEmpty() ? " (unknown key)" : what) + "; accepted: " + ACCEPTED);
          }
          putMetadata(b, key, value);
        }
      }
    }
    loadTls(b, tlsProps);
    return new GrpcSettings(b);
  }

  private static void loadTls(Builder b, Map<String, String> p) {
    TlsSettings tls = TlsSettings.read(TLS_PREFIX, p::get);
    if (tls.trustPath() == null && tls.keyPath() == null) {
      return; // gRPC's own defaults: the JVM's trust store, no client certificate
    }
    TlsMaterial material = tls.load();
    if (tls.trustPath() != null) {
      b.trustManagers = new TrustManager[] {material.trustManager()};
      b.tlsFiles.put("truststore", tls.trustPath());
    }
    if (tls.keyPath() != null) {
      b.keyManagers = material.keyManagers();
      b.tlsFiles.put("keystore", tls.keyPath());
    }
  }

  private static void putMetadata(Builder b, String key, String value) {
    String name = key.substring(METADATA_PREFIX.length()).toLowerCase(Locale.ROOT);
    if (!name.matches("[0-9a-z_.-]+") || name.startsWith("grpc-") || name.endsWith("-bin")
        || RESERVED_HEADERS.contains(name)) {
      throw invalid(key, HIDDEN, "the header name must use 0-9 a-z _ . - and must not start "
          + "with grpc-, end with -bin or be a reserved HTTP/2 header");
    }
    if (!value.matches("[\\x20-\\x7e]+")) {
      throw invalid(key, HIDDEN, "the value must be non-empty printable ASCII");
    }
    putHeader(b, key, name, value);
  }

  private static void putHeader(Builder b, String key, String name, String value) {
    if (b.metadata.putIfAbsent(name, value) != null) {
      throw invalid(key, HIDDEN, "header '" + name + "' is set twice (" + AUTH_BEARER + " sets '"
          + AUTHORIZATION + "')");
    }
  }

  private static boolean isSecret(String key) {
    return key.endsWith("password") || key.equals(AUTH_BEARER) || key.startsWith(METADATA_PREFIX);
  }

  private static long number(String key, String value, long min, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, value, "a whole number in " + min + ".." + max);
  }

  static TributaryConfigException invalid(String key, String value, String allowed) {
    return new TributaryConfigException("producerProperty." + key, value, allowed);
  }

  /** The gRPC target, {@code host:port} with IPv6 hosts bracketed. */
  String target() {
    return new Destination.HostPort(host, port).toString();
  }

  /** True when {@code text} contains a metadata value (a token, a key); never print it then. */
  boolean revealsSecret(String text) {
    if (text == null) {
      return false;
    }
    for (String v : metadata.values()) {
      String secret = v.startsWith("Bearer ") ? v.substring(7) : v;
      if (secret.length() >= 4 && text.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "GrpcSettings{target=" + target() + ", tls=" + tls + ", deadline=" + deadline
        + ", maxInFlight=" + maxInFlight + ", maxInFlightBytes=" + maxInFlightBytes
        + (async ? ", async" : "") + ", keepAlive=" + keepAlive
        + (authority == null ? "" : ", authority=" + authority)
        + ", cluster=" + (cluster.isEmpty() ? "(default)" : cluster)
        + (tlsFiles.isEmpty() ? "" : ", tlsFiles=" + tlsFiles)
        + ", metadata=" + metadata.keySet() + '}';
  }

  private static final class Builder {
    String host;
    int port;
    boolean tls;
    long deadlineMs = PixyGrpcProperties.DEFAULT_DEADLINE_MS;
    int maxInFlight = PixyGrpcProperties.DEFAULT_MAX_IN_FLIGHT;
    long maxInFlightBytes = PixyGrpcProperties.DEFAULT_MAX_IN_FLIGHT_BYTES;
    boolean async;
    long keepAliveMs = PixyGrpcProperties.DEFAULT_KEEPALIVE_MS;
    String authority;
    String cluster = "";
    TrustManager[] trustManagers;
    KeyManager[] keyManagers;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, String> tlsFiles = new LinkedHashMap<>();
  }
}
