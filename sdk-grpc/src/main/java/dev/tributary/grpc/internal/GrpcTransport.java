package dev.tributary.grpc.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.grpc.internal.proto.KafkaPixyGrpc;
import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.internal.proto.ProdRs;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers each record with one unary {@code KafkaPixy.Produce} call, many calls in flight over
 * one HTTP/2 channel.
 *
 * <p>{@link #send} only builds requests and queues them; calls start without blocking, up to
 * {@code grpc.max.in.flight} at once, and each finished call starts the next queued one. Each
 * record gets one deadline from the moment it was queued, so a record can neither wait for a
 * slot nor hang in a call longer than {@code grpc.deadline.ms}. Outcomes: an answer is success,
 * a failed call is retriable or fatal by {@link StatusPolicy}, a request over kafka-pixy's
 * 1 MiB limit is fatal without a call. Nothing is retried here. Thread-safe.
 */
final class GrpcTransport implements Transport {
  private final PixyChannel channel;
  private final KafkaPixyGrpc.KafkaPixyStub stub;
  private final GrpcSettings settings;
  private final Failures failures;
  private final Diagnostics diagnostics;
  private final Deadline.Ticker ticker;
  private final long deadlineNanos;
  private final ConcurrentLinkedQueue<PixyCall> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Drain-loop guard: only one thread starts calls at a time, and no thread recurses. */
  private final AtomicInteger drainRequests = new AtomicInteger();
  private volatile boolean closing;

  GrpcTransport(PixyChannel channel, GrpcSettings settings, String destination,
      Diagnostics diagnostics, Deadline.Ticker ticker) {
    this.channel = channel;
    this.stub = KafkaPixyGrpc.newStub(channel.channel());
    this.settings = settings;
    this.failures = new Failures(destination, settings);
    this.diagnostics = diagnostics;
    this.ticker = ticker;
    this.deadlineNanos = settings.deadline.toNanos();
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    for (int i = 0; i < batch.size(); i++) {
      TributaryRecord record = batch.record(i);
      ProdRq request;
      try {
        request = Requests.produce(record, settings.cluster);
      } catch (RuntimeException e) {
        callback.fatal(i, e);
        continue;
      }
      int bytes = request.getSerializedSize();
      if (bytes > PixyGrpcProperties.MAX_REQUEST_BYTES) {
        callback.fatal(i, failures.tooLarge(record, bytes));
        continue;
      }
      queue.add(new PixyCall(this, callback, i, record.topic(), request,
          Deadline.after(deadlineNanos, TimeUnit.NANOSECONDS, ticker)));
    }
    drain();
  }

  /**
   * Starts queued calls while slots are free. Any thread may call it; if another thread is
   * already draining, that thread makes one more pass instead, so a call that completes
   * synchronously inside {@code produce} cannot recurse.
   */
  private void drain() {
    if (drainRequests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      PixyCall call;
      while ((closing || inFlight.get() < settings.maxInFlight)
          && (call = queue.poll()) != null) {
        start(call);
      }
      missed = drainRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  private void start(PixyCall call) {
    if (closing) {
      report(call, null, false, failures.closed(), null);
      return;
    }
    if (call.deadline.isExpired()) {
      report(call, null, false, failures.queuedTooLong(), null);
      return;
    }
    inFlight.incrementAndGet();
    call.started = true;
    try {
      stub.withDeadline(call.deadline).produce(call.request, call);
    } catch (RuntimeException | LinkageError e) {
      // Reported (retriable) so the slot is freed and the record not stranded.
      completed(call, null, e);
    }
  }

  /** From gRPC's thread (or {@link #start}): the call ended with a response or an error. */
  void completed(PixyCall call, ProdRs response, Throwable error) {
    if (error == null && response == null) {
      error = new IllegalStateException("KafkaPixy.Produce completed without a response");
    }
    if (error == null) {
      report(call, new RecordMetadata(call.topic, response.getPartition(), response.getOffset()),
          false, null, null);
    } else {
      Failures.Verdict v = failures.classify(error, call.topic, closing);
      report(call, null, !v.retriable(), v.cause(), v.retryAfter());
    }
  }

  private void report(PixyCall call, RecordMetadata md, boolean fatal, Throwable cause,
      Duration retryAfter) {
    if (!call.claim()) {
      return;
    }
    if (call.started) {
      // The call is over whatever the callback does; free its slot first.
      inFlight.decrementAndGet();
    }
    try {
      if (md != null) {
        call.callback.succeeded(call.index, md);
      } else if (fatal) {
        call.callback.fatal(call.index, cause);
      } else {
        call.callback.retriable(call.index, cause, retryAfter);
      }
    } catch (RuntimeException e) {
      diagnostics.warn("A batch callback failed", e);
    } finally {
      if (call.started) {
        drain();
      }
    }
  }

  /** Calls started and not yet answered; for tests. */
  int inFlight() {
    return inFlight.get();
  }

  /**
   * Fails records not yet started (retriable, so the producer counts them as pending), lets
   * calls in flight finish until {@code timeout}, then cancels what is left.
   */
  @Override
  public void close(Duration timeout) {
    closing = true;
    drain();
    Duration t = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
    if (!channel.close(t)) {
      diagnostics.warn("The gRPC channel to kafka-pixy did not terminate within " + t
          + "; its calls were cancelled", null);
    }
    drain();
  }

  @Override
  public String toString() {
    return "GrpcTransport{" + settings + '}';
  }
}
