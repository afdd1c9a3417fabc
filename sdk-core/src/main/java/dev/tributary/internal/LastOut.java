package dev.tributary.internal;

/**
 * Runs a final action once both parties arrived, on whichever arrives second: a worker thread
 * as it exits, and {@code close}. So the action (abandoning what the thread still holds,
 * closing the spool) never runs while the thread may still touch what it finishes, and
 * always runs, even when close gives up waiting for a thread stuck in I/O.
 */
final class LastOut {
  private final Runnable action;
  private boolean first;
  private boolean ran;

  LastOut(Runnable action) {
    this.action = action;
  }

  /** Arrives; runs the action if the other party already did. True if it ran here. */
  boolean arrive() {
    synchronized (this) {
      if (!first) {
        first = true;
        return false;
      }
      if (ran) {
        return false;
      }
      ran = true;
    }
    action.run();
    return true;
  }

  synchronized boolean ran() {
    return ran;
  }
}
