package dev.tributary.internal.http;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BatchCallback} that records each index's outcome and fails the test if an index is
 * reported twice (the SPI's exactly-once contract). Thread-safe.
 */
public final class RecordingCallback implements BatchCallback {
  /** What happened to one record. */
  public enum Kind { SUCCEEDED, ACCEPTED, RETRIABLE, FATAL }

  /** One record's outcome. */
  public record Outcome(Kind kind, RecordMetadata metadata, Throwable cause,
      Duration retryAfter) {
    /** The cause as the transports build it. */
    public ProxyException proxyError() {
      return (ProxyException) cause;
    }
  }

  private final ConcurrentHashMap<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
  private final List<String> duplicates = new ArrayList<>();
  private final CountDownLatch done;

  public RecordingCallback(int records) {
    this.done = new CountDownLatch(records);
  }

  /** A batch of {@code records} for transports under test. */
  public static Batch batch(List<TributaryRecord> records) {
    return new Batch() {
      @Override
      public int size() {
        return records.size();
      }

      @Override
      public TributaryRecord record(int index) {
        return records.get(index);
      }

      @Override
      public long sizeInBytes() {
        return records.stream().mapToLong(TributaryRecord::sizeInBytes).sum();
      }
    };
  }

  @Override
  public void succeeded(int index, RecordMetadata metadata) {
    put(index, new Outcome(Kind.SUCCEEDED, metadata, null, null));
  }

  @Override
  public void accepted(int index, RecordMetadata metadata) {
    put(index, new Outcome(Kind.ACCEPTED, metadata, null, null));
  }

  @Override
  public void retriable(int index, Throwable cause, Duration retryAfter) {
    put(index, new Outcome(Kind.RETRIABLE, null, cause, retryAfter));
  }

  @Override
  public void fatal(int index, Throwable cause) {
    put(index, new Outcome(Kind.FATAL, null, cause, null));
  }

  private void put(int index, Outcome o) {
    if (outcomes.putIfAbsent(index, o) != null) {
      synchronized (duplicates) {
        duplicates.add(index + ": " + o);
      }
      return;
    }
    done.countDown();
  }

  /**
   * Waits (bounded) until every record has an outcome, then a little longer for stray second
   * reports, and fails on a timeout or a duplicate.
   */
  public RecordingCallback await(Duration timeout) throws InterruptedException {
    if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("only " + outcomes.size() + " of " + (outcomes.size()
          + done.getCount()) + " records reported within " + timeout + ": " + outcomes);
    }
    synchronized (duplicates) {
      if (!duplicates.isEmpty()) {
        throw new AssertionError("records reported more than once: " + duplicates);
      }
    }
    return this;
  }

  public Outcome get(int index) {
    return outcomes.get(index);
  }

  public int count(Kind kind) {
    return (int) outcomes.values().stream().filter(o -> o.kind() == kind).count();
  }
}
