package dev.tributary.spi;

import dev.tributary.TributaryRecord;

/** An ordered group of records handed to a {@link Transport} in one call. Read-only. */
public interface Batch {

  int size();

  /** The record at {@code index}, {@code 0 <= index < size()}. */
  TributaryRecord record(int index);

  /** Sum of {@link TributaryRecord#sizeInBytes()} over the batch. */
  long sizeInBytes();
}
