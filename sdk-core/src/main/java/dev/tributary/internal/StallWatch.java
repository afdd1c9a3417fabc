package dev.tributary.internal;

import dev.tributary.TributaryConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Notices a destination that has accepted nothing for a while although records wait for it,
 * and says so: one warning after {@link #STALL_NANOS} (naming the destination, how many
 * records wait, how many were dropped or failed since, and the latest error), repeated every
 * {@link #REPEAT_NANOS} while it lasts, and one line when records get through again. Retries
 * themselves are routine and reported at INFO; this is the line that says delivery is stuck.
 *
 * <p>With standbys in failover mode the watch is the producer's: a stall is no destination
 * getting records through, named after the one taking them at the time, so a failover that
 * works ends it.
 *
 * <p>{@link #check(long)} runs on the sender threads (one per destination in failover mode);
 * {@link #sawError(Throwable)} on any thread; {@link #why(long)} on the closing thread.
 */
final class StallWatch {
  /** 10 s: longer than a leader election's usual blip, short enough to notice an outage. */
  static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** 5 min: how often a lasting outage is repeated, so it stays in view without flooding. */
  static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(5);
  /** The counters are summed at most this often; the sender loop runs far more often. */
  private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final long NONE = Long.MIN_VALUE;

  private final TributaryConfig config;
  private final Metrics metrics;
  /** The destination taking records now, for the lines. */
  private final Supplier<String> taking;
  private final long startNanos;
  private volatile Throwable latestError;
  /** When records began waiting with nothing accepted since; NONE while nothing waits. */
  private volatile long quietSince = NONE;
  private volatile long lastCheck = NONE;
  private long lastAccepted = -1;
  private long warnedAt = NONE;
  private long lostAtStart;

  StallWatch(TributaryConfig config, Metrics metrics, Clock clock, Supplier<String> taking) {
    this.config = config;
    this.metrics = metrics;
    this.taking = taking;
    this.startNanos = clock.nanoTime();
  }

  /** A record failed an attempt (or for good): the cause the next warning names. */
  void sawError(Throwable cause) {
    if (cause != null) {
      latestError = cause;
    }
  }

  /** Warns about a stall or announces the recovery, as due at {@code now}. */
  void check(long now) {
    long last = lastCheck;
    if (last != NONE && now - last < CHECK_NANOS) {
      return; // the common case, without the lock
    }
    synchronized (this) {
      if (lastCheck != NONE && now - lastCheck < CHECK_NANOS) {
        return; // another sender just checked
      }
      lastCheck = now;
      checkNow(now);
    }
  }

  private void checkNow(long now) {
    long accepted = metrics.sent() + metrics.unconfirmed();
    long waiting = metrics.pendingRecords();
    if (accepted != lastAccepted) {
      lastAccepted = accepted;
      if (warnedAt != NONE) {
        recovered(now);
      }
      quietSince = NONE;
      if (waiting > 0) {
        beginQuiet(now);
      }
      return;
    }
    if (waiting == 0) {
      if (warnedAt == NONE) {
        quietSince = NONE; // nothing to deliver is not a stall
      }
      return;
    }
    if (quietSince == NONE) {
      beginQuiet(now);
      return;
    }
    boolean due = warnedAt == NONE ? now - quietSince >= STALL_NANOS
        : now - warnedAt >= REPEAT_NANOS;
    if (due) {
      warnedAt = now;
      config.diagnostics().warn(taking.get() + " has accepted no record for "
          + seconds(now - quietSince) + "; " + waiting + " record(s) waiting, " + lostSince()
          + "; latest error: " + latest() + (config.durableSpool()
              ? ". They stay in spool " + config.spoolDir() + " until delivered"
              : ". They wait up to deliveryTimeout (" + config.deliveryTimeout() + ")"), null);
    }
  }

  private void beginQuiet(long now) {
    quietSince = now;
    lostAtStart = lost();
  }

  /**
   * Why records are still waiting, for the close report: how long the destination has accepted
   * nothing and the latest error.
   */
  String why(long now) {
    long since = quietSince;
    String quiet = metrics.sent() + metrics.unconfirmed() == 0
        ? taking.get() + " has accepted no record since the producer started, "
            + seconds(now - startNanos) + " ago; "
        : since != NONE ? taking.get() + " has accepted no record for "
            + seconds(now - since) + "; " : "";
    return quiet + "latest error: " + latest();
  }

  private void recovered(long now) {
    long stalled = quietSince == NONE ? 0 : now - quietSince;
    warnedAt = NONE;
    config.diagnostics().warn(taking.get() + " accepts records again, after "
        + seconds(stalled) + " without; " + lostSince() + " meanwhile", null);
  }

  private String lostSince() {
    long lost = lost() - lostAtStart;
    return lost == 0 ? "none dropped or failed" : lost + " dropped or failed (see the warnings "
        + "about them)";
  }

  private long lost() {
    return metrics.dropped() + metrics.failed();
  }

  private String latest() {
    Throwable e = latestError;
    if (e == null) {
      return "none (no answer yet)";
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    m = m.strip();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  /** {@code 0.8 s}, {@code 12 s}: tenths only where they matter. */
  private static String seconds(long nanos) {
    long tenths = TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos)) / 100;
    return (tenths < 100 ? tenths / 10 + "." + tenths % 10 : String.valueOf(tenths / 10)) + " s";
  }
}
