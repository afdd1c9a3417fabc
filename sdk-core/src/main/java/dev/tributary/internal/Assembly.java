package dev.tributary.internal;

import dev.tributary.DestinationMetrics;
import dev.tributary.OverflowPolicy;
import dev.tributary.TributaryConfig;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Builds a producer's parts from its configuration and wires them: the buffer and its
 * intake, the outcomes, the optional spool, and the deliveries (sender and transport) that
 * drain them. The one place that knows how the parts fit, so each part only knows its
 * neighbours' small interfaces.
 *
 * <p>One buffer, one or more destinations: with standbys in failover mode, one
 * {@link Delivery} per destination, each sender seeing the shared buffer (or spool) and
 * retries through its {@link RoutedSource}/{@link RoutedRetries} view, and a {@link Failover}
 * choosing which of them sees anything. (Mirror mode builds one assembly per destination:
 * see {@link Mirror}.)
 */
final class Assembly {
  final TributaryConfig config;
  final Clock clock;
  final Accumulator accumulator;
  final Metrics metrics;
  final Outcomes outcomes;
  final Intake intake;
  final Deliveries delivery;
  final List<Endpoint> endpoints;
  /** Null without a spool. */
  final Spooling spooling;
  final Shutdown shutdown;

  /**
   * @param transports makes each destination's transport, in the order of
   *     {@link TributaryConfig#destinationConfigs()}; called again when failover retires one
   */
  Assembly(TributaryConfig config, List<Supplier<Transport>> transports, Clock clock,
      RandomGenerator random, Spool.ChannelOpener spoolFiles) {
    List<TributaryConfig> destinations = config.destinationConfigs();
    if (transports.size() != destinations.size()) {
      throw new IllegalArgumentException(destinations.size() + " destinations but "
          + transports.size() + " transports");
    }
    this.config = config;
    this.clock = clock;
    RateLimitedReporter reporter = new RateLimitedReporter(config.diagnostics());
    long deliveryTimeoutNanos = Shutdown.saturatedNanos(config.deliveryTimeout());
    this.accumulator = new Accumulator(config.bufferBytes(), config.overflowPolicy(),
        config.maxBlockTime().toNanos(), deliveryTimeoutNanos, clock);
    this.metrics = new Metrics(accumulator);
    this.outcomes = new Outcomes(config, accumulator, metrics, reporter);
    boolean routed = destinations.size() > 1;
    List<Endpoint> ends = new ArrayList<>();
    for (int i = 0; i < destinations.size(); i++) {
      ends.add(new Endpoint(i, destinations.get(i)));
    }
    this.endpoints = List.copyOf(ends);
    Failover failover = routed ? new Failover(config, endpoints, clock) : null;
    List<WatchedTransport> watched = createTransports(transports, routed);
    try {
      SpoolSource spoolSource = config.spoolDir() == null ? null
          : new SpoolSource(null, accumulator, clock, !config.durableSpool());
      // Records read back from disk are not evictable from memory: they are not in memory's
      // byte count, and the disk keeps them anyway. So their retries are kept apart.
      RecordSource source = spoolSource != null ? spoolSource : accumulator;
      Retries retries = spoolSource != null ? new RetryQueue() : accumulator.retries();
      RecordSource shared = routed && spoolSource != null ? new RoutedSource.Shared(source)
          : source;
      List<Delivery> deliveries = new ArrayList<>();
      for (Endpoint e : endpoints) {
        int i = e.index;
        Sender sender = new Sender(outcomes,
            routed ? new RoutedSource(shared, failover, i) : source,
            routed ? new RoutedRetries(retries, failover, i) : retries,
            accumulator::bufferedBytes, watched.get(i), clock,
            new Backoff(config.retryBackoff(), config.retryBackoffMax(),
                i == 0 ? random : new SplittableRandom(random.nextLong())),
            new Batcher(config.batchMaxRecords(), config.batchMaxBytes(),
                config.linger().toNanos()),
            config.maxInFlightBatches());
        e.attach(watched.get(i), sender, routed ? () -> failover.isActive(i) : () -> true);
        deliveries.add(new Delivery(sender, watched.get(i), clock, e.config().clientId()));
      }
      this.delivery = new Deliveries(deliveries, failover, clock);
      Sender first = delivery.sender();
      Runnable wakeReader = routed ? failover::wakeActiveIfIdle : first::wakeIfIdle;
      LongConsumer appended = routed ? failover::recordAppended : first::recordAppended;
      Intake[] intakeRef = new Intake[1];
      if (spoolSource != null) {
        boolean spill = !config.durableSpool();
        this.spooling = new Spooling(config.spoolDir(), spoolSource, clock,
            () -> Spool.open(config.spoolDir(), config.spoolMaxBytes(),
                config.spoolSegmentBytes(), syncNanos(config.spoolSyncInterval()),
                config.overflowPolicy() == OverflowPolicy.DROP_OLDEST,
                message -> reporter.warn("spool", n -> message, null), spoolFiles),
            spool -> {
              metrics.attach(spool);
              return new SpoolWriter(outcomes, spool, accumulator, spoolSource, wakeReader,
                  clock, spill ? config.bufferBytes() / 2 : 0);
            },
            outcomes, () -> intakeRef[0].seal());
      } else {
        this.spooling = null;
      }
      Spooling disk = spooling;
      // A refused caller yields only while the destination taking traffic gets records through.
      BooleanSupplier delivering = routed ? failover::activeDelivering : first::delivering;
      this.intake = new Intake(accumulator, outcomes, clock, config.maxRecordBytes(),
          config.overflowPolicy(), delivering, () -> {
            if (disk != null) {
              disk.wakeIfIdle();
            }
            appended.accept(accumulator.bufferedBytes());
          });
      intakeRef[0] = intake;
      metrics.attachDestinations(List.<DestinationMetrics>copyOf(endpoints),
          failover == null ? () -> 0 : failover::switches);
      this.shutdown = new Shutdown(config, clock, intake, outcomes, delivery, spooling,
          new Reports(metrics, outcomes, accumulator, spooling, endpoints));
    } catch (RuntimeException | Error e) {
      watched.forEach(t -> t.close(Duration.ZERO));
      throw e;
    }
  }

  /** Creates every destination's transport; if one fails, closes those made before it. */
  private List<WatchedTransport> createTransports(List<Supplier<Transport>> factories,
      boolean retirable) {
    List<WatchedTransport> made = new ArrayList<>();
    try {
      for (Endpoint e : endpoints) {
        made.add(new WatchedTransport(factories.get(e.index), e, clock,
            config.destinationHeader(), retirable));
      }
    } catch (RuntimeException | Error ex) {
      made.forEach(t -> t.close(Duration.ZERO));
      throw ex;
    }
    return made;
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
