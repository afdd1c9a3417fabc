package dev.tributary.internal;

import dev.tributary.TributaryConfigException;
import dev.tributary.internal.spool.Spool;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The disk leg of the pipeline: the spool, the writer thread that fills it from memory and
 * the source the sender reads it back through. At close the writer's last act (memory to
 * disk, then closing the spool) runs once both its thread and close are done with it, so the
 * spool is never closed under a live writer.
 *
 * <p>When another producer of this JVM still holds the spool directory (a configuration reload
 * starts the new producer before it stops the old one), this one starts without the disk:
 * records go from memory straight to the sender. Its writer thread takes the directory over
 * as soon as the old producer closes it, reads back what that one left, and from then on
 * every record passes through the disk again.
 */
final class Spooling {
  private static final long HAND_OVER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Path dir;
  private final SpoolSource source;
  private final Clock clock;
  private final Supplier<Spool> opener;
  private final Function<Spool, SpoolWriter> writers;
  private final Outcomes outcomes;
  private final LastOut exit;
  private volatile Spool spool;
  private volatile SpoolWriter writer;
  private volatile boolean stopping;
  private CompletableFuture<Void> released;
  private Thread thread;

  /**
   * @param opener opens and locks the spool directory
   * @param writers makes the writer of an opened spool (and attaches it where needed)
   * @param beforeFinish runs first in the writer's last act (closes the intake for good)
   */
  Spooling(Path dir, SpoolSource source, Clock clock, Supplier<Spool> opener,
      Function<Spool, SpoolWriter> writers, Outcomes outcomes, Runnable beforeFinish) {
    this.dir = dir;
    this.source = source;
    this.clock = clock;
    this.opener = opener;
    this.writers = writers;
    this.outcomes = outcomes;
    this.exit = new LastOut(() -> {
      beforeFinish.run();
      SpoolWriter w = writer;
      if (w != null) {
        w.finish();
      } else {
        outcomes.abandonQueued(); // never got the disk: memory is all there is
      }
    });
    this.released = Spool.heldInThisJvm(dir);
    if (released == null) {
      attach(opener.get()); // the usual case: fails fast on a bad directory
    } else {
      source.fallBackToMemory(true);
      outcomes.config().diagnostics().info("Spool " + dir + " is held by another producer "
          + "of this JVM (a configuration reload?); this producer takes it over when that "
          + "one closes, and sends from memory until then");
    }
  }

  private void attach(Spool opened) {
    spool = opened;
    writer = writers.apply(opened);
    source.attach(opened);
  }

  void start(String name) {
    thread = new Thread(() -> {
      try {
        if (spool == null && !awaitHandOver()) {
          return;
        }
        if (!stopping) {
          writer.run();
        }
      } finally {
        exit.arrive();
      }
    }, "tributary-spool-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for the holder to close the directory, then opens it; false if stopped first. */
  private boolean awaitHandOver() {
    while (!stopping) {
      if (released == null || released.isDone()) {
        try {
          attach(opener.get());
          source.fallBackToMemory(false);
          outcomes.config().diagnostics().info("Spool " + dir + " taken over");
          return true;
        } catch (TributaryConfigException e) {
          released = Spool.heldInThisJvm(dir); // another producer was quicker; wait for it
          if (released == null) {
            outcomes.reporter().warn("spool-hand-over", n -> "Spool " + dir + " cannot be "
                + "taken over yet (" + e.getMessage() + "); retrying", null);
            clock.park(this, TimeUnit.SECONDS.toNanos(1));
          }
        }
      } else {
        clock.park(this, HAND_OVER_POLL_NANOS);
      }
    }
    return false;
  }

  /** The spool, or null while waiting for another producer of this JVM to hand it over. */
  Spool spool() {
    return spool;
  }

  SpoolSource source() {
    return source;
  }

  /** Null while waiting for the hand-over. */
  SpoolWriter writer() {
    return writer;
  }

  void wakeIfIdle() {
    SpoolWriter w = writer;
    if (w != null) {
      w.wakeIfIdle();
    }
  }

  /** True once the records earlier runs left in the spool were delivered. */
  boolean replayDone() {
    Spool s = spool;
    return s == null || s.replayDone();
  }

  /** Stops the writer and waits for its thread up to the deadline; true if it ended. */
  boolean stop(long deadlineNanos) {
    stopping = true;
    SpoolWriter w = writer;
    if (w != null) {
      w.stop();
    }
    Thread t = thread;
    if (t != null) {
      java.util.concurrent.locks.LockSupport.unpark(t);
    }
    return clock.join(t, deadlineNanos - clock.nanoTime());
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
