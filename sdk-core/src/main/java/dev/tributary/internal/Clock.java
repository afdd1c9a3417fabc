package dev.tributary.internal;

/** Time source, injectable so batching, backoff and timeouts can be tested without sleeping. */
public interface Clock {
  Clock SYSTEM = System::nanoTime;

  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();
}
