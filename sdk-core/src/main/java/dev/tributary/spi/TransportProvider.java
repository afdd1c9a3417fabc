package dev.tributary.spi;

import dev.tributary.TributaryConfig;
import java.util.Set;

/**
 * Creates {@link Transport}s for one or more destination URI schemes. Found with
 * {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.tributary.spi.TransportProvider}.
 */
public interface TransportProvider {

  /** Lower-case schemes this provider serves, e.g. {@code kafka}. */
  Set<String> schemes();

  /**
   * Checks the parts of {@code config} this transport reads (destination hosts, producer
   * properties) without touching the network.
   *
   * @throws dev.tributary.TributaryConfigException naming the setting at fault
   */
  void validate(Destination destination, TributaryConfig config);

  /** Creates a transport; must not block on the network (the destination may be down). */
  Transport create(Destination destination, TributaryConfig config, Diagnostics diagnostics);
}
