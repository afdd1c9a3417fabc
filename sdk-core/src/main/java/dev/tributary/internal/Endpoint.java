package dev.tributary.internal;

import dev.tributary.DestinationMetrics;
import dev.tributary.DestinationReport;
import dev.tributary.TributaryConfig;
import dev.tributary.spi.Diagnostics;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * One destination of a producer at run time: its settings, its transport, its sender, what it
 * did with the records handed to it, and its {@link Health}. Its counters are the
 * {@link DestinationMetrics} of failover mode and of a single destination.
 */
final class Endpoint implements DestinationMetrics {
  final int index;
  final Health health = new Health();
  final LongAdder sent = new LongAdder();
  final LongAdder unconfirmed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder switchedTo = new LongAdder();
  /** Records handed to the transport and not answered. */
  final LongAdder outstanding = new LongAdder();
  private final TributaryConfig config;
  private final RateLimitedReporter reporter;
  private BooleanSupplier active = () -> true;
  private WatchedTransport transport;
  private Sender sender;

  Endpoint(int index, TributaryConfig config) {
    this.index = index;
    this.config = config;
    this.reporter = new RateLimitedReporter(config.diagnostics());
  }

  /**
   * Counts a retriable failure here and reports it, rate-limited, naming this destination; a
   * record abandoned at a switch is not a failure of the destination worth a line.
   */
  void failedRetriably(Throwable cause) {
    retried.increment();
    if (!(cause instanceof WatchedTransport.RetiredException)) {
      reporter.warn("retry", n -> "Destination " + label() + ": " + n + " attempt(s) failed "
          + "retriably so far; latest error: " + cause, null);
    }
  }

  void attach(WatchedTransport transport, Sender sender, BooleanSupplier active) {
    this.transport = transport;
    this.sender = sender;
    this.active = active;
  }

  TributaryConfig config() {
    return config;
  }

  Diagnostics diagnostics() {
    return config.diagnostics();
  }

  WatchedTransport transport() {
    return transport;
  }

  Sender sender() {
    return sender;
  }

  /** {@code name (uri)}, for status lines. */
  String label() {
    return name() + " (" + config.destination() + ")";
  }

  DestinationReport report() {
    return new DestinationReport(name(), destination(), sent(), failed(), 0, 0, 0,
        unconfirmed());
  }

  @Override
  public String name() {
    return config.destinationName();
  }

  @Override
  public String destination() {
    return config.destination().uri();
  }

  @Override
  public boolean active() {
    return active.getAsBoolean();
  }

  @Override
  public long sent() {
    return sent.sum();
  }

  @Override
  public long unconfirmed() {
    return unconfirmed.sum();
  }

  @Override
  public long retried() {
    return retried.sum();
  }

  @Override
  public long failed() {
    return failed.sum();
  }

  @Override
  public long dropped() {
    return 0;
  }

  @Override
  public long pendingRecords() {
    return Math.max(0, outstanding.sum());
  }

  @Override
  public long switchedTo() {
    return switchedTo.sum();
  }

  @Override
  public String toString() {
    return name() + "{sent=" + sent() + ", retried=" + retried() + ", failed=" + failed()
        + ", active=" + active() + '}';
  }
}
