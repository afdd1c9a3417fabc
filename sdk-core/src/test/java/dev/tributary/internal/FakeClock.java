package dev.tributary.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to (Kafka's MockTime in spirit). */
final class FakeClock implements Clock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  void advanceNanos(long n) {
    nanos.addAndGet(n);
  }
}
