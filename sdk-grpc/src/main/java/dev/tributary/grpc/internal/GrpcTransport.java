package dev.tributary.grpc.internal;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.PixyGrpcProperties;
import dev.tributary.grpc.internal.proto.KafkaPixyGrpc;
import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.internal.proto.ProdRs;
import dev.tributary.internal.pixy.AdaptiveLimit;
import dev.tributary.internal.pixy.PixyDefaults;
import dev.tributary.internal.pixy.RequestGate;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Delivers each record with one unary {@code KafkaPixy.Produce} call, many calls in flight over
 * one HTTP/2 channel.
 *
 * <p>{@link #send} only builds requests and hands them to a {@link RequestGate}: calls start
 * without blocking as its {@link AdaptiveLimit} (learned from kafka-pixy's latency and errors,
 * up to {@code grpc.max.in.flight}) and byte cap allow, and each finished call starts the next
 * waiting ones. Each record gets one deadline from the moment it was queued, so a record can
 * neither wait for a slot nor hang in a call longer than {@code grpc.deadline.ms}. Outcomes: an
 * answer is success (or, in the opt-in async mode, accepted without Kafka's confirmation), a
 * failed call is retriable or fatal by {@link StatusPolicy}, a request over kafka-pixy's 1 MiB
 * limit is fatal without a call. Nothing is retried here. Thread-safe.
 */
final class GrpcTransport implements Transport {
  private final PixyChannel channel;
  private final KafkaPixyGrpc.KafkaPixyStub stub;
  private final GrpcSettings settings;
  private final Failures failures;
  private final Diagnostics diagnostics;
  private final Deadline.Ticker ticker;
  private final long deadlineNanos;
  private final RequestGate gate;
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
    int min = Math.min(PixyDefaults.MIN_IN_FLIGHT, settings.maxInFlight);
    this.gate = new RequestGate(new AdaptiveLimit(
        Math.max(min, Math.min(PixyDefaults.GRPC_INITIAL_IN_FLIGHT, settings.maxInFlight)), min,
        settings.maxInFlight), settings.maxInFlightBytes, System::nanoTime);
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    for (int i = 0; i < batch.size(); i++) {
      TributaryRecord record = batch.record(i);
      ProdRq request;
      try {
        request = Requests.produce(record, settings.cluster, settings.async);
      } catch (RuntimeException e) {
        callback.fatal(i, e);
        continue;
      }
      int bytes = request.getSerializedSize();
      if (bytes > PixyGrpcProperties.MAX_REQUEST_BYTES) {
        callback.fatal(i, failures.tooLarge(record, bytes));
        continue;
      }
      gate.submit(new PixyCall(this, callback, i, record.topic(), request,
          Deadline.after(deadlineNanos, TimeUnit.NANOSECONDS, ticker)));
    }
  }

  /** From the gate: starts {@code call}, unless its deadline passed while it waited. */
  boolean start(PixyCall call, long startNanos) {
    if (call.deadline.isExpired()) {
      report(call, null, false, failures.queuedTooLong(gate.limit().limit()), null);
      return false;
    }
    call.startNanos = startNanos;
    call.started = true;
    try {
      stub.withDeadline(call.deadline).produce(call.request, call);
    } catch (RuntimeException | LinkageError e) {
      // Reported (retriable) so the slot is freed and the record not stranded.
      completed(call, null, e);
    }
    return true;
  }

  /** From the gate, once closed: the call never started. */
  void rejected(PixyCall call) {
    report(call, null, false, failures.closed(), null);
  }

  /** From gRPC's thread (or {@link #start}): the call ended with a response or an error. */
  void completed(PixyCall call, ProdRs response, Throwable error) {
    if (error == null && response == null) {
      error = new IllegalStateException("KafkaPixy.Produce completed without a response");
    }
    if (error == null) {
      report(call, settings.async ? new RecordMetadata(call.topic, -1, -1)
          : new RecordMetadata(call.topic, response.getPartition(), response.getOffset()),
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
      // The call is over whatever the callback does: free its slot and tell the limit first.
      gate.finished(call.startNanos, call.request.getSerializedSize(),
          md != null ? RequestGate.Outcome.SUCCEEDED
              : fatal ? RequestGate.Outcome.REFUSED : RequestGate.Outcome.OVERLOADED);
    }
    try {
      if (md == null) {
        if (fatal) {
          call.callback.fatal(call.index, cause);
        } else {
          call.callback.retriable(call.index, cause, retryAfter);
        }
      } else if (settings.async) {
        call.callback.accepted(call.index, md);
      } else {
        call.callback.succeeded(call.index, md);
      }
    } catch (RuntimeException e) {
      diagnostics.warn("A batch callback failed", e);
    }
  }

  /** Calls started and not yet answered; for tests. */
  int inFlight() {
    return gate.inFlight();
  }

  /** The gate, for tests. */
  RequestGate gate() {
    return gate;
  }

  /**
   * Fails records not yet started (retriable, so the producer counts them as pending), lets
   * calls in flight finish until {@code timeout}, then cancels what is left.
   */
  @Override
  public void close(Duration timeout) {
    closing = true;
    gate.close();
    Duration t = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
    if (!channel.close(t)) {
      diagnostics.warn("The gRPC channel to kafka-pixy did not terminate within " + t
          + "; its calls were cancelled", null);
    }
  }

  @Override
  public String toString() {
    return "GrpcTransport{" + settings + ", " + gate + '}';
  }
}
