package dev.tributary.grpc.testkit;

import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import java.util.List;

/** A {@link Batch} over a list of records. */
public record ListBatch(List<TributaryRecord> records) implements Batch {
  public static ListBatch of(TributaryRecord... records) {
    return new ListBatch(List.of(records));
  }

  @Override
  public int size() {
    return records.size();
  }

  @Override
  public TributaryRecord record(int index) {
    return records.get(index);
  }

  @Override
  public long sizeInBytes() {
    return records.stream().mapToLong(TributaryRecord::sizeInBytes).sum();
  }
}
