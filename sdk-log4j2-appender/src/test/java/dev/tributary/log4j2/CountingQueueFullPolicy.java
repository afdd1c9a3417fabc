package dev.tributary.log4j2;

import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.async.DefaultAsyncQueueFullPolicy;
import org.apache.logging.log4j.core.async.EventRoute;

/**
 * Log4j2's default queue-full policy (wait for a free slot; log synchronously on the
 * background thread itself), counting how often the ring buffer was full. Named by the
 * {@code log4j2.asyncQueueFullPolicy} system property of the async-loggers test run.
 */
public final class CountingQueueFullPolicy extends DefaultAsyncQueueFullPolicy {
  static final LongAdder FULL = new LongAdder();

  @Override
  public EventRoute getRoute(long backgroundThreadId, Level level) {
    FULL.increment();
    return super.getRoute(backgroundThreadId, level);
  }
}
