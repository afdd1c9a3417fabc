package dev.tributary.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * Cancels HTTP calls still running {@code http.call.timeout.ms} after they started.
 *
 * <p>OkHttp's own call timeout is not used: it keeps every running call in okio's one
 * JVM-wide, lock-guarded list sorted by deadline, and with the thousands of calls a
 * 500 ms-flush kafka-pixy needs in flight that list cost {@code pixy+http} about 40% of its
 * throughput (measured against the real kafka-pixy). Every call of one endpoint has the same
 * timeout, so start order is deadline order: a FIFO queue swept from its head a few times per
 * timeout does the same job at a constant cost per call.
 *
 * <p>Thread-safe. One daemon thread per endpoint, named {@code tributary-http-timeout-<id>}.
 */
final class CallDeadlines {
  private final long timeoutNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentLinkedQueue<Tracked> running = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService timer;

  CallDeadlines(long timeoutNanos, String clientId) {
    this.timeoutNanos = timeoutNanos;
    this.nanoClock = System::nanoTime;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tributary-http-timeout-" + clientId);
      t.setDaemon(true);
      return t;
    });
    // A tenth of the timeout, between 10 and 100 ms: how late a deadline may be noticed.
    long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
        Math.min(TimeUnit.MILLISECONDS.toNanos(100), timeoutNanos / 10));
    timer.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
  }

  /** Starts {@code call}; it is cancelled if it runs past the timeout, and reported so. */
  void enqueue(Call call, Callback callback) {
    Tracked t = new Tracked(call, nanoClock.getAsLong() + timeoutNanos, callback);
    running.add(t);
    call.enqueue(t);
  }

  /** Cancels calls past their deadline; the head of the queue has the earliest. */
  void sweep() {
    long now = nanoClock.getAsLong();
    Tracked head;
    while ((head = running.peek()) != null) {
      if (!head.done && now < head.deadlineNanos) {
        return;
      }
      running.poll();
      if (!head.done) {
        head.expired = true;
        head.call.cancel();
      }
    }
  }

  void close() {
    timer.shutdownNow();
  }

  /** A running call and the callback it reports to. */
  private static final class Tracked implements Callback {
    final Call call;
    final long deadlineNanos;
    final Callback callback;
    volatile boolean done;
    volatile boolean expired;

    Tracked(Call call, long deadlineNanos, Callback callback) {
      this.call = call;
      this.deadlineNanos = deadlineNanos;
      this.callback = callback;
    }

    @Override
    public void onFailure(Call c, IOException e) {
      done = true;
      callback.onFailure(c, expired ? new InterruptedIOException("timeout") : e);
    }

    @Override
    public void onResponse(Call c, Response response) throws IOException {
      try {
        callback.onResponse(c, response);
      } finally {
        done = true;
      }
    }
  }
}
