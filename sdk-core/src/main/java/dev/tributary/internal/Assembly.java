package dev.tributary.internal;

import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Builds a producer's parts from its configuration and wires them: the buffer and its
 * intake, the outcomes, the optional spool, and the delivery (sender and transport) that
 * drains them. The one place that knows how the parts fit, so each part only knows its
 * neighbours' small interfaces. A later layout with several destinations (failover,
 * mirroring) builds one {@link Delivery} per destination here.
 */
final class Assembly {
  final TributaryConfig config;
  final Clock clock;
  final Accumulator accumulator;
  final Metrics metrics;
  final Outcomes outcomes;
  final Intake intake;
  final Delivery delivery;
  /** Null without a spool. */
  final Spooling spooling;
  final Shutdown shutdown;

  Assembly(TributaryConfig config, Transport transport, Clock clock, RandomGenerator random,
      Spool.ChannelOpener spoolFiles) {
    this.config = config;
    this.clock = clock;
    RateLimitedReporter reporter = new RateLimitedReporter(config.diagnostics());
    long deliveryTimeoutNanos = Shutdown.saturatedNanos(config.deliveryTimeout());
    this.accumulator = new Accumulator(config.bufferBytes(), config.overflowPolicy(),
        config.maxBlockTime().toNanos(), config.maxRecordBytes(), deliveryTimeoutNanos, clock);
    this.metrics = new Metrics(accumulator);
    this.outcomes = new Outcomes(config, accumulator, metrics, reporter,
        new StallWatch(config, metrics, clock));
    Backoff backoff = new Backoff(config.retryBackoff(), config.retryBackoffMax(), random);
    Batcher batcher = new Batcher(config.batchMaxRecords(), config.batchMaxBytes(),
        config.linger().toNanos());
    Sender sender;
    Intake[] intakeRef = new Intake[1];
    if (config.spoolDir() != null) {
      boolean spill = !config.durableSpool();
      SpoolSource source = new SpoolSource(null, accumulator, clock, spill);
      // Records read back from disk are not evictable from memory: they are not in memory's
      // byte count, and the disk keeps them anyway. So this sender keeps its own retries.
      sender = new Sender(outcomes, source, new RetryQueue(), accumulator::bufferedBytes,
          transport, clock, backoff, batcher, config.maxInFlightBatches());
      Sender spoolReader = sender;
      this.spooling = new Spooling(config.spoolDir(), source, clock,
          () -> Spool.open(config.spoolDir(), config.spoolMaxBytes(),
              config.spoolSegmentBytes(), syncNanos(config.spoolSyncInterval()),
              config.overflowPolicy() == OverflowPolicy.DROP_OLDEST,
              message -> reporter.warn("spool", n -> message, null), spoolFiles),
          spool -> {
            metrics.attach(spool);
            return new SpoolWriter(outcomes, spool, accumulator, source, spoolReader, clock,
                spill ? config.bufferBytes() / 2 : 0);
          },
          outcomes, () -> intakeRef[0].seal());
    } else {
      this.spooling = null;
      sender = new Sender(outcomes, accumulator, accumulator.retries(),
          accumulator::bufferedBytes, transport, clock, backoff, batcher,
          config.maxInFlightBatches());
    }
    this.delivery = new Delivery(sender, transport, clock, config.clientId());
    Spooling disk = spooling;
    this.intake = new Intake(accumulator, outcomes, clock, config.maxRecordBytes(), () -> {
      if (disk != null) {
        disk.wakeIfIdle();
      }
      sender.recordAppended(accumulator.bufferedBytes());
    });
    intakeRef[0] = intake;
    this.shutdown = new Shutdown(config, clock, intake, outcomes, delivery, spooling,
        new Reports(metrics, outcomes, accumulator, spooling));
  }

  /** Starts the worker threads; tests that step them by hand do not. */
  void start() {
    delivery.start();
    if (spooling != null) {
      spooling.start(config.clientId());
    }
  }

  private static long syncNanos(Duration interval) {
    return interval.compareTo(TributaryConfig.SPOOL_SYNC_NEVER) >= 0 ? Long.MAX_VALUE
        : Shutdown.saturatedNanos(interval);
  }
}
