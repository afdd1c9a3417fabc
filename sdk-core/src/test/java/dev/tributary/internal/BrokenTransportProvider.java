package dev.tributary.internal;

import dev.tributary.TributaryConfig;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.util.Set;

/** A provider whose installation is broken: it cannot even be instantiated. */
public final class BrokenTransportProvider implements TransportProvider {
  public BrokenTransportProvider() {
    throw new NoClassDefFoundError("io/grpc/ManagedChannel");
  }

  @Override
  public Set<String> schemes() {
    return Set.of("pixy+grpc");
  }

  @Override
  public void validate(Destination destination, TributaryConfig config) {}

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    throw new UnsupportedOperationException();
  }
}
