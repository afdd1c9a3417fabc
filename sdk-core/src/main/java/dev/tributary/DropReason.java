package dev.tributary;

/** Why a record was dropped before it could be delivered. */
public enum DropReason {
  /** The buffer was full under {@link OverflowPolicy#DROP_NEWEST} (or nothing could be evicted). */
  BUFFER_FULL,
  /** Evicted to make room for a newer record under {@link OverflowPolicy#DROP_OLDEST}. */
  EVICTED,
  /** The caller waited {@link TributaryConfig#maxBlockTime()} under {@link OverflowPolicy#BLOCK}. */
  BLOCK_TIMEOUT,
  /** Larger than {@link TributaryConfig#maxRecordBytes()}. */
  RECORD_TOO_LARGE,
  /**
   * Offered after {@code close} began (callers waiting for room under
   * {@link OverflowPolicy#BLOCK} when it began included). Records already accepted that
   * {@code close} could not deliver are not dropped but pending: see
   * {@link ProducerClosedException}.
   */
  CLOSED,
  /**
   * On disk, not yet sent, in a spool segment deleted because the spool reached
   * {@link TributaryConfig#spoolMaxBytes()} under {@link OverflowPolicy#DROP_OLDEST}.
   */
  SPOOL_CAP
}
