package dev.tributary.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryException;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * One destination's transport as the pipeline drives it: counts what the destination does with
 * each record and feeds its {@link Health}, adds the destination header when configured, and
 * can be retired at a failover: the transport is closed at once and replaced by a fresh one
 * (for probes and a later return), and every record it still held goes back for another
 * attempt, wherever traffic goes now. Records the old cluster did receive are then written
 * twice: at-least-once, never lost.
 *
 * <p>It also keeps the transport contract for the sender: a {@code send} that throws reports
 * every record of the batch as retriable here, so the counters see it too.
 */
final class WatchedTransport implements Transport {
  private final Supplier<Transport> factory;
  private final Endpoint endpoint;
  private final Clock clock;
  private final String headerName;
  private final byte[] headerValue;
  private final boolean retirable;
  /** Batches handed over and not fully answered; only when retirable. */
  private final Set<Watch> open = ConcurrentHashMap.newKeySet();
  private volatile Generation current;
  private volatile boolean closed;

  /**
   * @param factory makes the transport; called once now and once per {@link #retire()}
   * @param retirable whether {@link #retire()} may be called (failover), so open batches are
   *     tracked
   */
  WatchedTransport(Supplier<Transport> factory, Endpoint endpoint, Clock clock,
      String headerName, boolean retirable) {
    this.factory = factory;
    this.endpoint = endpoint;
    this.clock = clock;
    this.headerName = headerName;
    this.headerValue = headerName == null ? null
        : endpoint.name().getBytes(StandardCharsets.UTF_8);
    this.retirable = retirable;
    this.current = new Generation(factory.get());
  }

  /** One transport made by the factory; retired ones only finish what they hold. */
  private static final class Generation {
    final Transport transport;
    volatile boolean retired;

    Generation(Transport transport) {
      this.transport = transport;
    }
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    Generation g = current;
    Watch watch = new Watch(callback, batch.size(), g);
    endpoint.outstanding.add(batch.size());
    if (retirable) {
      // Only failover reads health; a lone destination or a mirror's saves the lock per record.
      endpoint.health.dispatched(batch.size(), clock.nanoTime());
      open.add(watch);
    }
    try {
      g.transport.send(headerName == null ? batch : new HeaderedBatch(batch, headerName, headerValue),
          watch);
    } catch (RuntimeException | Error e) {
      watch.failRest(e);
    }
  }

  /**
   * Closes the transport at once, without waiting for what it holds, and puts a fresh one in
   * its place; every record the old one had not answered is reported retriable now. Returns
   * without waiting: the old transport closes on a thread of its own.
   */
  void retire() {
    if (closed) {
      return;
    }
    Generation old = current;
    Generation fresh;
    try {
      fresh = new Generation(factory.get());
    } catch (RuntimeException e) {
      // Without a fresh transport, the old one has to stay: its records stay with it.
      endpoint.diagnostics().warn("Could not replace the transport of " + endpoint.name()
          + " (" + endpoint.config().destination() + "); it keeps the records it holds", e);
      return;
    }
    synchronized (this) {
      if (closed) {
        fresh.transport.close(Duration.ZERO); // close came first: nothing may outlive it
        return;
      }
      // Retired first: from now on whatever the old transport reports but a success (a closing
      // client fails what it holds, often as fatal) means "try again elsewhere".
      old.retired = true;
      current = fresh;
    }
    RetiredException cause = new RetiredException("Abandoned at " + endpoint.name() + " ("
        + endpoint.config().destination() + ") when traffic switched away from it");
    for (Watch w : open) {
      if (w.generation == old) {
        w.failRest(cause);
      }
    }
    Thread closer = new Thread(() -> old.transport.close(Duration.ZERO),
        "tributary-closer-" + endpoint.config().clientId());
    closer.setDaemon(true);
    closer.start();
  }

  @Override
  public void close(Duration timeout) {
    Generation last;
    synchronized (this) {
      closed = true;
      last = current;
    }
    last.transport.close(timeout);
  }

  /** Passes each record's outcome on, once, and counts it. */
  private final class Watch implements BatchCallback {
    private final BatchCallback delegate;
    private final AtomicIntegerArray answered;
    private final AtomicInteger left;
    final Generation generation;

    Watch(BatchCallback delegate, int size, Generation generation) {
      this.delegate = delegate;
      this.answered = new AtomicIntegerArray(size);
      this.left = new AtomicInteger(size);
      this.generation = generation;
    }

    private boolean claim(int index) {
      if (index < 0 || index >= answered.length() || !answered.compareAndSet(index, 0, 1)) {
        return false;
      }
      endpoint.outstanding.decrement();
      if (left.decrementAndGet() == 0 && retirable) {
        open.remove(this);
      }
      return true;
    }

    @Override
    public void succeeded(int index, RecordMetadata metadata) {
      if (claim(index)) {
        if (retirable) {
          endpoint.health.answered(clock.nanoTime());
        }
        endpoint.sent.increment();
        delegate.succeeded(index, metadata);
      }
    }

    @Override
    public void accepted(int index, RecordMetadata metadata) {
      if (claim(index)) {
        if (retirable) {
          endpoint.health.answered(clock.nanoTime());
        }
        endpoint.unconfirmed.increment();
        delegate.accepted(index, metadata);
      }
    }

    @Override
    public void retriable(int index, Throwable cause, Duration retryAfter) {
      if (claim(index)) {
        if (retirable) {
          endpoint.health.failed(cause, clock.nanoTime());
          endpoint.failedRetriably(cause);
        } else {
          endpoint.retried.increment(); // a single destination: Outcomes reports retries
        }
        delegate.retriable(index, cause, retryAfter);
      }
    }

    @Override
    public void fatal(int index, Throwable cause) {
      if (generation.retired) {
        retriable(index, cause, null);
        return;
      }
      if (claim(index)) {
        if (retirable) {
          endpoint.health.answered(clock.nanoTime());
        }
        endpoint.failed.increment();
        delegate.fatal(index, cause);
      }
    }

    void failRest(Throwable cause) {
      for (int i = 0; i < answered.length(); i++) {
        retriable(i, cause, null);
      }
    }
  }

  /** The batch with the destination header added to each record, built once per batch. */
  private static final class HeaderedBatch implements Batch {
    private final TributaryRecord[] records;
    private final long bytes;

    HeaderedBatch(Batch batch, String name, byte[] value) {
      records = new TributaryRecord[batch.size()];
      long sum = 0;
      for (int i = 0; i < records.length; i++) {
        TributaryRecord r = batch.record(i);
        TributaryRecord.Builder b = TributaryRecord.builder(r.topic()).key(r.key())
            .value(r.value()).timestampMs(r.timestampMs());
        r.headers().forEach(b::header);
        records[i] = b.header(name, value).build();
        sum += records[i].sizeInBytes();
      }
      this.bytes = sum;
    }

    @Override
    public int size() {
      return records.length;
    }

    @Override
    public TributaryRecord record(int index) {
      return records[index];
    }

    @Override
    public long sizeInBytes() {
      return bytes;
    }
  }

  /** Why a record in flight at a destination traffic left is tried again elsewhere. */
  static final class RetiredException extends TributaryException {
    private static final long serialVersionUID = 1L;

    RetiredException(String message) {
      super(message, null, true);
    }
  }
}
