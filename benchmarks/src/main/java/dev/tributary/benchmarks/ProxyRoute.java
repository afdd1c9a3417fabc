package dev.tributary.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * A way into Kafka through a real proxy that {@link ProxyBenchmark} measures: which proxy
 * process (and its config), which of its APIs, and the concurrency levels the raw client tries
 * there. Immutable.
 */
enum ProxyRoute {
  PIXY_HTTP("pixy+http", PixyProcess.property("pixy", "http"), List.of(64, 256, 1024, 4096)),
  PIXY_HTTP_5MS("pixy+http-5ms", PixyProcess.property("pixy5ms", "http"),
      List.of(16, 64, 256, 1024)),
  PIXY_GRPC("pixy+grpc", PixyProcess.property("pixy", "grpc"),
      List.of(256, 1024, 4096, 16384)),
  PIXY_GRPC_5MS("pixy+grpc-5ms", PixyProcess.property("pixy5ms", "grpc"),
      List.of(64, 256, 1024, 4096)),
  REST_HTTP("rest+http", BridgeProcess.PROPERTY, List.of(2, 4, 8, 16));

  /** The {@code route} parameter's value, e.g. {@code pixy+grpc-5ms}. */
  final String label;
  /** The fork property with the proxy's host:port. */
  final String property;
  /**
   * Requests in flight the raw client tries, rising. A 500 ms-flush kafka-pixy answers a
   * synchronous produce only at its next flush, so it needs thousands in flight; a 5 ms one a
   * few dozen; the bridge takes batches of records per request, so a handful.
   */
  final List<Integer> sweep;

  ProxyRoute(String label, String property, List<Integer> sweep) {
    this.label = label;
    this.property = property;
    this.sweep = sweep;
  }

  /** Tributary's scheme: the label up to the config suffix. */
  String scheme() {
    int dash = label.indexOf('-');
    return dash < 0 ? label : label.substring(0, dash);
  }

  boolean grpc() {
    return scheme().equals("pixy+grpc");
  }

  boolean bridge() {
    return this == REST_HTTP;
  }

  static ProxyRoute of(String label) {
    return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown route '" + label
            + "'; known: " + Arrays.stream(values()).map(r -> r.label).toList()));
  }
}
