package dev.tributary.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.tributary.TributaryRecord;
import dev.tributary.grpc.internal.proto.ProdRq;
import dev.tributary.grpc.internal.proto.RecordHeader;
import java.util.List;

/** Maps a {@link TributaryRecord} onto kafka-pixy's {@code ProdRq}. Stateless. */
final class Requests {
  private Requests() {}

  /**
   * The request for {@code record}. Byte arrays are wrapped, not copied: records are immutable
   * by contract once handed to the producer. The record's timestamp is not sent: ProdRq has no
   * field for it, so Kafka stamps the time kafka-pixy produced the message.
   */
  static ProdRq produce(TributaryRecord record, String cluster, boolean async) {
    ProdRq.Builder b = ProdRq.newBuilder()
        .setTopic(record.topic())
        .setMessage(wrap(record.value()));
    if (!cluster.isEmpty()) {
      b.setCluster(cluster);
    }
    byte[] key = record.key();
    if (key == null) {
      // Without this flag kafka-pixy sends an empty key, and every such record hashes to the
      // same partition.
      b.setKeyUndefined(true);
    } else {
      b.setKeyValue(wrap(key));
    }
    List<TributaryRecord.Header> headers = record.headers();
    for (int i = 0; i < headers.size(); i++) {
      TributaryRecord.Header h = headers.get(i);
      b.addHeaders(RecordHeader.newBuilder().setKey(h.key()).setValue(wrap(h.value())));
    }
    // async_mode only when chosen explicitly: an async answer comes before Kafka has the record.
    if (async) {
      b.setAsyncMode(true);
    }
    return b.build();
  }

  private static ByteString wrap(byte[] bytes) {
    return bytes.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(bytes);
  }
}
