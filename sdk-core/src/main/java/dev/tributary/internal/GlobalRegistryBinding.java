package dev.tributary.internal;

import dev.tributary.ProducerMetrics;
import dev.tributary.micrometer.TributaryMeterBinder;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;

/**
 * The only internal class that names Micrometer types; loaded only after
 * {@link MeterRegistration} has found Micrometer on the classpath.
 */
final class GlobalRegistryBinding {
  private GlobalRegistryBinding() {}

  /**
   * Binds to {@code Metrics.globalRegistry}, the composite that Spring Boot (by default) and
   * most frameworks add their registry to; meters registered before a registry is added are
   * carried over to it. Returns what removes them again.
   */
  static Runnable bind(String clientId, ProducerMetrics metrics) {
    TributaryMeterBinder binder = new TributaryMeterBinder(clientId, metrics, Tags.empty());
    binder.bindTo(Metrics.globalRegistry);
    return binder::close;
  }
}
