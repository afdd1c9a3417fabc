package dev.tributary.internal.pixy;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets kafka-pixy requests start while the {@link AdaptiveLimit} and a byte cap allow, in the
 * order they were submitted; the rest wait here, so submitting never blocks.
 *
 * <p>Both pixy transports use it: each record becomes a {@link Call}; the transport reports each
 * started call's end through {@link #finished}, which frees its slot, feeds the limit and starts
 * the next ones. The byte cap bounds what the proxy holds for us however high the limit climbs
 * (a few large records must not become hundreds of megabytes in the proxy's memory); one call
 * may always start when none runs, whatever its size.
 *
 * <p>Thread-safe: any thread may submit or finish; one thread at a time starts calls, and a call
 * that finishes synchronously inside {@link Call#start} does not recurse.
 */
public final class RequestGate {

  /** One request, waiting to start. */
  public interface Call {
    /** Bytes the request carries (its record's size), for the byte cap. */
    long bytes();

    /**
     * Starts the request; the transport later calls {@link #finished} exactly once for it.
     * Returns false, without starting, when the call reported its record itself (its deadline
     * passed while it waited), so it holds no slot. Must not throw.
     */
    boolean start(long startNanos);

    /** The gate closed before the call started: report the record (retriable). Must not throw. */
    void rejected();
  }

  /** How a started request ended, as the limit hears it. */
  public enum Outcome {
    /** The proxy answered with success: a latency sample. */
    SUCCEEDED,
    /** No answer, a timeout, or the proxy said it is overloaded or unavailable. */
    OVERLOADED,
    /** The proxy refused the record for a reason that says nothing about load. */
    REFUSED
  }

  private final AdaptiveLimit limit;
  private final long maxBytes;
  private final LongSupplier nanoClock;
  private final ConcurrentLinkedQueue<Call> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong bytesInFlight = new AtomicLong();
  private final AtomicInteger queued = new AtomicInteger();
  /** Drain-loop guard: counts requests to drain; only the thread that raised it from 0 drains. */
  private final AtomicInteger drainRequests = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @param maxBytes most record bytes in flight at once
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public RequestGate(AdaptiveLimit limit, long maxBytes, LongSupplier nanoClock) {
    this.limit = limit;
    this.maxBytes = maxBytes;
    this.nanoClock = nanoClock;
  }

  /** Queues {@code call} and starts what may start. After {@link #close()} it is rejected. */
  public void submit(Call call) {
    queue.add(call);
    queued.incrementAndGet();
    drain();
  }

  /**
   * A started call ended. Frees its slot, tells the limit, and starts waiting calls.
   *
   * @param startNanos the value the call's {@link Call#start} received
   * @param bytes the call's {@link Call#bytes()}
   */
  public void finished(long startNanos, long bytes, Outcome outcome) {
    int running = inFlight.getAndDecrement();
    bytesInFlight.addAndGet(-bytes);
    long now = nanoClock.getAsLong();
    switch (outcome) {
      case SUCCEEDED -> limit.succeeded(startNanos, now, running);
      case OVERLOADED -> limit.overloaded(startNanos, now);
      default -> limit.refused(startNanos, now);
    }
    drain();
  }

  /** Rejects every waiting call and every later submission; started calls run on. */
  public void close() {
    closed = true;
    drain();
  }

  public boolean isClosed() {
    return closed;
  }

  /** Calls started and not finished. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Calls waiting to start. */
  public int queued() {
    return queued.get();
  }

  public AdaptiveLimit limit() {
    return limit;
  }

  private void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      Call call;
      while ((call = queue.peek()) != null) {
        if (closed) {
          if (queue.poll() == call) {
            queued.decrementAndGet();
            call.rejected();
          }
          continue;
        }
        int running = inFlight.get();
        if (running >= limit.limit()
            || (running > 0 && bytesInFlight.get() + call.bytes() > maxBytes)) {
          break;
        }
        if (queue.poll() != call) {
          continue;
        }
        queued.decrementAndGet();
        long bytes = call.bytes();
        inFlight.incrementAndGet();
        bytesInFlight.addAndGet(bytes);
        long start = limit.started(nanoClock.getAsLong(), running + 1);
        if (!call.start(start)) {
          inFlight.decrementAndGet();
          bytesInFlight.addAndGet(-bytes);
          limit.refused(start, nanoClock.getAsLong());
        }
      }
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  @Override
  public String toString() {
    return "RequestGate{inFlight=" + inFlight.get() + ", queued=" + queued.get() + ", bytes="
        + bytesInFlight.get() + "/" + maxBytes + ", " + limit + '}';
  }
}
