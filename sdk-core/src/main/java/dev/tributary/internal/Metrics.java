package dev.tributary.internal;

import dev.tributary.DestinationMetrics;
import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import dev.tributary.internal.spool.Spool;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The counters behind {@link ProducerMetrics}; LongAdders so app threads do not contend. */
public final class Metrics implements ProducerMetrics {
  final LongAdder appended = new LongAdder();
  final LongAdder sent = new LongAdder();
  /** Records a proxy accepted without Kafka's confirmation (kafka-pixy's async mode). */
  final LongAdder unconfirmed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder failed = new LongAdder();
  /** Records appended by this run that reached an outcome. */
  final LongAdder completed = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final LongAdder batches = new LongAdder();
  private final LongAdder batchNanos = new LongAdder();
  private final AtomicLong batchNanosMax = new AtomicLong();
  private final Accumulator accumulator;
  private volatile Spool spool;
  private volatile List<DestinationMetrics> destinations = List.of();
  private volatile LongSupplier switches = () -> 0;

  Metrics(Accumulator accumulator) {
    this.accumulator = accumulator;
    for (DropReason r : DropReason.values()) {
      dropped.put(r, new LongAdder());
    }
  }

  void attach(Spool spool) {
    this.spool = spool;
  }

  /** Set once, as the producer is assembled. */
  void attachDestinations(List<DestinationMetrics> destinations, LongSupplier switches) {
    this.destinations = List.copyOf(destinations);
    this.switches = switches;
  }

  @Override
  public List<DestinationMetrics> destinations() {
    return destinations;
  }

  @Override
  public long destinationSwitches() {
    return switches.getAsLong();
  }

  void drop(DropReason reason) {
    dropped.get(reason).increment();
  }

  void batchCompleted(long nanos) {
    batches.increment();
    batchNanos.add(nanos);
    batchNanosMax.accumulateAndGet(nanos, Math::max);
  }

  @Override
  public long appended() {
    return appended.sum();
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
    long total = 0;
    for (DropReason r : DropReason.values()) {
      total += dropped(r);
    }
    return total;
  }

  @Override
  public long dropped(DropReason reason) {
    Spool s = spool;
    long fromSpool = reason == DropReason.SPOOL_CAP && s != null ? s.stats().droppedByCap() : 0;
    return dropped.get(reason).sum() + fromSpool;
  }

  @Override
  public long bufferedBytes() {
    return accumulator.bufferedBytes();
  }

  @Override
  public long pendingRecords() {
    return Math.max(0, appended.sum() - completedThisRun());
  }

  /** Records appended by this run that reached an outcome, cap drops in the spool included. */
  long completedThisRun() {
    Spool s = spool;
    return completed.sum() + (s == null ? 0 : s.stats().droppedByCapThisRun());
  }

  @Override
  public long batchesCompleted() {
    return batches.sum();
  }

  @Override
  public double batchSendLatencyAvgMs() {
    long n = batches.sum();
    return n == 0 ? 0 : batchNanos.sum() / 1e6 / n;
  }

  @Override
  public double batchSendLatencyMaxMs() {
    return batchNanosMax.get() / 1e6;
  }

  @Override
  public long spooled() {
    Spool s = spool;
    return s == null ? 0 : s.stats().spooledRecords();
  }

  @Override
  public long replayed() {
    Spool s = spool;
    return s == null ? 0 : s.stats().replayed();
  }

  @Override
  public long spoolCorruptRegions() {
    Spool s = spool;
    return s == null ? 0 : s.stats().corruptRegions();
  }

  @Override
  public long spoolDiskBytes() {
    Spool s = spool;
    return s == null ? 0 : s.diskUsage();
  }

  @Override
  public String toString() {
    return "appended=" + appended() + ", sent=" + sent()
        + (unconfirmed.sum() == 0 ? "" : ", unconfirmed=" + unconfirmed()) + ", retried=" + retried()
        + ", failed=" + failed() + ", dropped=" + dropped() + ", bufferedBytes="
        + bufferedBytes();
  }
}
