package dev.tributary.internal.appender;

/**
 * The counts both appenders expose about the events they did not ship, read from their
 * {@link InternalEvents} policy, so the two public APIs say the same thing by construction.
 * Each appender implements only {@link #internalEvents()}. Thread-safe.
 */
public interface InternalEventCounts {
  /** The appender's policy for the events it does not ship; not API. */
  InternalEvents<?> internalEvents();

  /**
   * Events of the shipping path itself (internal loggers or threads, re-entrant calls) that no
   * fallback appender took: dropped and counted. The producer's own drops are in its metrics.
   */
  default long internalEventsDropped() {
    return internalEvents().dropped();
  }

  /**
   * Events of the shipping path itself handed to the fallback appenders (at least one took it
   * without throwing).
   */
  default long internalEventsForwarded() {
    return internalEvents().forwarded();
  }

  /** Events dropped because the encoder or layout failed on them (reported with the cause). */
  default long encodingFailures() {
    return internalEvents().encodingFailures();
  }
}
