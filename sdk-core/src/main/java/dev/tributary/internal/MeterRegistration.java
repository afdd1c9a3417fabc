package dev.tributary.internal;

import dev.tributary.ProducerMetrics;
import dev.tributary.spi.Diagnostics;

/**
 * Binds a producer's metrics to Micrometer's global registry, only when Micrometer is on the
 * classpath: it is an optional dependency, and this class never names one of its types, so
 * sdk-core loads and runs without it. Like {@link JmxRegistration}, a failure is reported and
 * otherwise ignored, since metrics must never stop delivery.
 */
public final class MeterRegistration implements AutoCloseable {
  /** Whether Micrometer is there, looked up once through the SDK's own class loader. */
  static final boolean MICROMETER_PRESENT = micrometerPresent();

  private static final MeterRegistration NONE = new MeterRegistration(null);

  private final Runnable remover;

  private MeterRegistration(Runnable remover) {
    this.remover = remover;
  }

  /** Binds {@code metrics} when Micrometer is present; returns a handle whose close removes them. */
  public static MeterRegistration register(String clientId, ProducerMetrics metrics,
      Diagnostics diagnostics) {
    if (!MICROMETER_PRESENT) {
      return NONE;
    }
    try {
      return new MeterRegistration(GlobalRegistryBinding.bind(clientId, metrics));
    } catch (RuntimeException | LinkageError e) {
      diagnostics.warn("Could not bind Micrometer metrics for producer " + clientId, e);
      return NONE;
    }
  }

  /** Whether this handle bound any meters. */
  public boolean bound() {
    return remover != null;
  }

  @Override
  public void close() {
    if (remover != null) {
      remover.run();
    }
  }

  private static boolean micrometerPresent() {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
          MeterRegistration.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
