package dev.tributary.internal;

import dev.tributary.spi.Transport;
import java.time.Duration;

/**
 * One way out of the buffer: a sender with its retries, the transport it drives and the thread
 * that runs it. Close stops it, closes its transport within the deadline, and abandons what it
 * still holds once both its thread and close are done with it (see {@link LastOut}), so a
 * thread stuck in the transport past the deadline still completes every record it holds.
 */
final class Delivery {
  private final Sender sender;
  private final Transport transport;
  private final Clock clock;
  private final String name;
  private final LastOut exit;
  private Thread thread;

  Delivery(Sender sender, Transport transport, Clock clock, String name) {
    this.sender = sender;
    this.transport = transport;
    this.clock = clock;
    this.name = name;
    this.exit = new LastOut(sender::abandonAll);
  }

  /** Starts the sender thread. Tests that step the sender by hand never call it. */
  void start() {
    thread = new Thread(() -> {
      try {
        sender.run();
      } finally {
        exit.arrive();
      }
    }, "tributary-sender-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  Sender sender() {
    return sender;
  }

  /** Sends what is batched or queued without waiting for linger, until {@link #endFlush}. */
  void beginFlush() {
    sender.beginFlush();
  }

  void endFlush() {
    sender.endFlush();
  }

  /** Asks the sender to stop, without waiting. */
  void requestStop() {
    sender.stop();
  }

  /** Waits for the sender thread up to the deadline; true if it ended (or never ran). */
  boolean awaitStop(long deadlineNanos) {
    return clock.join(thread, deadlineNanos - clock.nanoTime());
  }

  /**
   * Closes the transport on a thread of its own, so a transport that hangs in close cannot
   * hold the caller past {@code deadlineNanos}; returns that thread, for the caller to join.
   */
  Thread closeTransportAsync(long deadlineNanos) {
    Thread closer = new Thread(() -> transport.close(
        Duration.ofNanos(Math.max(0, deadlineNanos - clock.nanoTime()))),
        "tributary-closer-" + name);
    closer.setDaemon(true);
    closer.start();
    return closer;
  }

  /**
   * Close is done with this delivery: its records are abandoned now if the sender thread ended
   * (or never ran), else by that thread as it exits. True if they were abandoned now.
   */
  boolean release() {
    if (thread == null) {
      exit.arrive(); // stands in for the thread that never ran
    }
    return exit.arrive() || exit.ran();
  }
}
