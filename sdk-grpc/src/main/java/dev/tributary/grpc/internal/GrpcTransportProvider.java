package dev.tributary.grpc.internal;

import dev.tributary.TributaryConfig;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import io.grpc.Deadline;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Serves {@code pixy+grpc://host:port} and {@code pixy+grpcs://host:port} (TLS) with kafka-pixy's
 * {@code KafkaPixy.Produce}; found by {@link java.util.ServiceLoader}. Settings are the producer
 * properties in {@link PixyGrpcProperties}. Stateless and thread-safe.
 */
public final class GrpcTransportProvider implements TransportProvider {
  /** grpc-java's HTTP/2 frame logger; at DEBUG it prints every header, credentials included. */
  static final String FRAME_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler";

  @Override
  public Set<String> schemes() {
    return Set.of(GrpcSettings.GRPC, GrpcSettings.GRPCS);
  }

  @Override
  public void validate(Destination destination, TributaryConfig config) {
    GrpcSettings.parse(destination, config);
  }

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    GrpcSettings settings = GrpcSettings.parse(destination, config);
    for (String warning : credentialWarnings(settings, destination.uri(),
        InternalLoggerFactory.getInstance(FRAME_LOGGER).isDebugEnabled())) {
      diagnostics.warn(warning, null);
    }
    return new GrpcTransport(PixyChannel.open(settings, config.clientId()), settings,
        destination.uri(), diagnostics, Deadline.getSystemTicker());
  }

  /** Ways the configured call credentials could leak; none without credentials. */
  static List<String> credentialWarnings(GrpcSettings settings, String destination,
      boolean frameLoggingAtDebug) {
    List<String> warnings = new ArrayList<>();
    if (settings.metadata.isEmpty()) {
      return warnings;
    }
    if (!settings.tls && !isLoopback(settings.host)) {
      warnings.add("Call credentials for " + destination + " travel in plaintext; use "
          + "pixy+grpcs:// unless the network path is trusted");
    }
    if (frameLoggingAtDebug) {
      warnings.add("Logger " + FRAME_LOGGER + " is at DEBUG: grpc-java then logs every HTTP/2 "
          + "header frame, including the call credentials configured for " + destination
          + "; set that logger to INFO or higher");
    }
    return warnings;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }
}
