package dev.tributary.testkit;

import dev.tributary.TributaryConfig;
import dev.tributary.internal.Clock;
import dev.tributary.internal.Pipeline;
import dev.tributary.internal.Transports;
import dev.tributary.internal.redact.RedactingTransport;
import dev.tributary.internal.redact.Secrets;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Real time that a test can move forward, for an integration test whose deadline must pass
 * only after something happened: a record's delivery timeout after its first attempt failed,
 * however long that attempt took on a busy machine. Waits are real (backoff between attempts
 * passes as it would), and {@link #advance} makes a deadline arrive at once.
 */
public final class MovableClock implements Clock {
  private final AtomicLong offsetNanos = new AtomicLong();

  @Override
  public long nanoTime() {
    return System.nanoTime() + offsetNanos.get();
  }

  /** Moves the clock forward by {@code d}; the sender sees it on its next pass. */
  public void advance(Duration d) {
    offsetNanos.addAndGet(d.toNanos());
  }

  /**
   * A running producer pipeline for {@code config} on this clock, wired as
   * {@code TributaryProducer.create} wires it (the destination's real transport, its errors
   * redacted), without JMX or Micrometer registration.
   */
  public Pipeline producer(TributaryConfig config) {
    List<Supplier<Transport>> transports = new ArrayList<>();
    for (TributaryConfig each : config.destinationConfigs()) {
      Secrets secrets = Secrets.of(each.producerProperties());
      transports.add(() -> RedactingTransport.wrap(Transports.provider(each.destination())
          .create(each.destination(), each, each.diagnostics()), secrets));
    }
    return new Pipeline(config, transports, this, new SplittableRandom(), true,
        Spool.ChannelOpener.DEFAULT);
  }
}
