package dev.tributary.benchmarks;

import java.io.IOException;
import java.util.Map;

/**
 * A server the whole suite run shares, started by {@link Suite} before the first benchmark and
 * stopped after the last, in a process of its own: the Kafka broker ({@link BrokerProcess}) and,
 * added the same way, a proxy in front of it. What a service tells the benchmarks (an address)
 * goes to every JMH fork as a system property, read there by {@link Target}.
 *
 * <p>Services start in the order {@link Suite} lists them; each is given the properties of
 * those before it, so a proxy learns the broker's address from
 * {@link BrokerProcess#BOOTSTRAP_PROPERTY}.
 */
interface SuiteService extends AutoCloseable {
  /** What the run's log calls it. */
  String name();

  /**
   * Starts the service and waits until it answers.
   *
   * @param before the properties of the services started before this one
   * @return system properties for the forks, e.g. {@code tributary.bench.bootstrap}
   */
  Map<String, String> start(Map<String, String> before) throws IOException;

  /** Stops the service and removes what it wrote; never throws. */
  @Override
  void close();
}
