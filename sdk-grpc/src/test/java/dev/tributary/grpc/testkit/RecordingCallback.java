package dev.tributary.grpc.testkit;

import dev.tributary.RecordMetadata;
import dev.tributary.spi.BatchCallback;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records each index's outcome and counts any second report, which the SPI forbids.
 * Thread-safe.
 */
public final class RecordingCallback implements BatchCallback {
  /** One record's outcome. */
  public record Outcome(String kind, RecordMetadata metadata, Throwable cause,
      Duration retryAfter, String thread) {}

  public final Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
  public final AtomicInteger duplicates = new AtomicInteger();
  private final CountDownLatch done;

  public RecordingCallback(int records) {
    this.done = new CountDownLatch(records);
  }

  @Override
  public void succeeded(int index, RecordMetadata metadata) {
    put(index, new Outcome("succeeded", metadata, null, null, thread()));
  }

  @Override
  public void accepted(int index, RecordMetadata metadata) {
    put(index, new Outcome("accepted", metadata, null, null, thread()));
  }

  @Override
  public void retriable(int index, Throwable cause, Duration retryAfter) {
    put(index, new Outcome("retriable", null, cause, retryAfter, thread()));
  }

  @Override
  public void fatal(int index, Throwable cause) {
    put(index, new Outcome("fatal", null, cause, null, thread()));
  }

  private static String thread() {
    return Thread.currentThread().getName();
  }

  private void put(int index, Outcome o) {
    if (outcomes.putIfAbsent(index, o) != null) {
      duplicates.incrementAndGet();
    } else {
      done.countDown();
    }
  }

  /** Waits up to {@code timeout} for every record's outcome; false if some are missing. */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Outcome get(int index) {
    return outcomes.get(index);
  }
}
