package dev.tributary.internal;

import dev.tributary.internal.spool.Spool;

/**
 * The disk leg of the pipeline: the spool, the writer thread that fills it from memory and
 * the source the sender reads it back through. At close the writer's last act (memory to
 * disk, then closing the spool) runs once both its thread and close are done with it, so the
 * spool is never closed under a live writer.
 */
final class Spooling {
  private final Spool spool;
  private final SpoolSource source;
  private final SpoolWriter writer;
  private final Clock clock;
  private final LastOut exit;
  private Thread thread;

  /** @param beforeFinish runs first in the writer's last act (closes the intake for good) */
  Spooling(Spool spool, SpoolSource source, SpoolWriter writer, Clock clock,
      Runnable beforeFinish) {
    this.spool = spool;
    this.source = source;
    this.writer = writer;
    this.clock = clock;
    this.exit = new LastOut(() -> {
      beforeFinish.run();
      writer.finish();
    });
  }

  void start(String name) {
    thread = new Thread(() -> {
      try {
        writer.run();
      } finally {
        exit.arrive();
      }
    }, "tributary-spool-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  Spool spool() {
    return spool;
  }

  SpoolSource source() {
    return source;
  }

  SpoolWriter writer() {
    return writer;
  }

  void wakeIfIdle() {
    writer.wakeIfIdle();
  }

  /** True once the records earlier runs left in the spool were delivered. */
  boolean replayDone() {
    return spool.replayDone();
  }

  /** Stops the writer and waits for its thread up to the deadline; true if it ended. */
  boolean stop(long deadlineNanos) {
    writer.stop();
    return clock.join(thread, deadlineNanos - clock.nanoTime());
  }

  /**
   * Close is done with the spool: the writer's last act runs now if its thread ended (or never
   * ran), else on that thread as it exits. True if it ran now.
   */
  boolean release() {
    if (thread == null) {
      exit.arrive();
    }
    return exit.arrive() || exit.ran();
  }
}
