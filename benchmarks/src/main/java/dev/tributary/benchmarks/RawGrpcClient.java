package dev.tributary.benchmarks;

import com.google.protobuf.ByteString;
import dev.tributary.grpc.internal.proto.KafkaPixyGrpc;
import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.internal.proto.ProdRs;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A plain grpc-java async stub on one plaintext channel to kafka-pixy: the same
 * {@code KafkaPixy.Produce} request (one record, synchronous: answered once Kafka has it),
 * built once and sent again and again.
 */
final class RawGrpcClient extends RawClient {
  private final ManagedChannel channel;
  private final KafkaPixyGrpc.KafkaPixyStub stub;
  private final ProdRq request;

  RawGrpcClient(String hostPort, String topic, String key, byte[] value) {
    int colon = hostPort.lastIndexOf(':');
    channel = ManagedChannelBuilder.forAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1))).usePlaintext().build();
    stub = KafkaPixyGrpc.newStub(channel);
    request = ProdRq.newBuilder().setTopic(topic)
        .setKeyValue(ByteString.copyFrom(key, StandardCharsets.UTF_8))
        .setMessage(ByteString.copyFrom(value)).build();
  }

  @Override
  void send() {
    stub.produce(request, new StreamObserver<ProdRs>() {
      @Override
      public void onNext(ProdRs value) {
        // The answer's offset is not needed: arrivals are counted in Kafka.
      }

      @Override
      public void onError(Throwable t) {
        done(false, t.toString());
      }

      @Override
      public void onCompleted() {
        done(true, "");
      }
    });
  }

  @Override
  int recordsPerRequest() {
    return 1;
  }

  @Override
  void release() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
