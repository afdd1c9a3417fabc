package dev.tributary.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The batch being filled, owned by the sender thread. A batch is ready when it holds
 * {@code maxRecords} records or {@code maxBytes} bytes, or its oldest record has waited
 * {@code linger} since it was offered.
 */
final class Batcher {
  private final int maxRecords;
  private final long maxBytes;
  private final long lingerNanos;
  private ArrayList<PendingRecord> records = new ArrayList<>();
  private long bytes;
  private long oldestNanos = Long.MAX_VALUE;

  Batcher(int maxRecords, long maxBytes, long lingerNanos) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.lingerNanos = lingerNanos;
  }

  /** Whether {@code r} still fits; a lone record always fits, however large. */
  boolean fits(PendingRecord r) {
    return records.isEmpty() || (records.size() < maxRecords && bytes + r.size() <= maxBytes);
  }

  void add(PendingRecord r) {
    records.add(r);
    bytes += r.size();
    oldestNanos = Math.min(oldestNanos, r.createdNanos);
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  boolean isFull() {
    return records.size() >= maxRecords || bytes >= maxBytes;
  }

  /** When the open batch becomes ready by linger; {@code Long.MAX_VALUE} when empty. */
  long readyAtNanos() {
    return records.isEmpty() ? Long.MAX_VALUE : oldestNanos + lingerNanos;
  }

  long bytes() {
    return bytes;
  }

  long lingerNanos() {
    return lingerNanos;
  }

  /**
   * About how many more bytes fill the open batch: the byte room left, or the record slots left
   * at the batch's average record size, whichever comes first.
   */
  long bytesToFill() {
    int n = records.size();
    long bySlots = n == 0 ? maxBytes : (maxRecords - n) * (bytes / n);
    return Math.min(maxBytes - bytes, bySlots);
  }

  /** Hands over the open batch and starts a new one. */
  List<PendingRecord> cut() {
    List<PendingRecord> out = records;
    records = new ArrayList<>(Math.min(maxRecords, Math.max(16, out.size())));
    bytes = 0;
    oldestNanos = Long.MAX_VALUE;
    return out;
  }
}
