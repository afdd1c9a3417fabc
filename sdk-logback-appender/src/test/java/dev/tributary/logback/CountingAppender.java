package dev.tributary.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicLong;

/** Counts events and keeps none, so a test can take any volume without growing the heap. */
public class CountingAppender extends AppenderBase<ILoggingEvent> {
  static final AtomicLong COUNT = new AtomicLong();

  @Override
  protected void append(ILoggingEvent event) {
    COUNT.incrementAndGet();
  }
}
