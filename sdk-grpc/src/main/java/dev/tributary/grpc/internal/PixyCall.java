package dev.tributary.grpc.internal;

import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.internal.proto.ProdRs;
import dev.tributary.internal.pixy.RequestGate;
import dev.tributary.spi.BatchCallback;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One record's {@code Produce} call: the request, its deadline, and the observer gRPC answers.
 * Waits in the transport's gate until it may start; reports its outcome through
 * {@link GrpcTransport#completed} exactly once.
 */
final class PixyCall implements StreamObserver<ProdRs>, RequestGate.Call {
  final BatchCallback callback;
  final int index;
  final String topic;
  final ProdRq request;
  /** Counted from when the transport accepted the record, so it bounds queueing too. */
  final Deadline deadline;
  /** Set before the call starts; a started call holds a slot in the gate until reported. */
  volatile boolean started;
  volatile long startNanos;
  private final GrpcTransport transport;
  private final AtomicBoolean reported = new AtomicBoolean();
  private ProdRs response;

  PixyCall(GrpcTransport transport, BatchCallback callback, int index, String topic,
      ProdRq request, Deadline deadline) {
    this.transport = transport;
    this.callback = callback;
    this.index = index;
    this.topic = topic;
    this.request = request;
    this.deadline = deadline;
  }

  /** True for the first caller only: the one that reports the outcome. */
  boolean claim() {
    return reported.compareAndSet(false, true);
  }

  @Override
  public long bytes() {
    return request.getSerializedSize();
  }

  @Override
  public boolean start(long startNanos) {
    return transport.start(this, startNanos);
  }

  @Override
  public void rejected() {
    transport.rejected(this);
  }

  @Override
  public void onNext(ProdRs value) {
    response = value;
  }

  @Override
  public void onError(Throwable t) {
    transport.completed(this, null, t);
  }

  @Override
  public void onCompleted() {
    transport.completed(this, response, null);
  }
}
