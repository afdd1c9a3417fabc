package dev.tributary;

/**
 * What a producer does with a new record when its buffer is full.
 *
 * <p>Every record that a policy drops is counted under {@link DropReason} and reported through
 * rate-limited diagnostics; none is lost silently.
 */
public enum OverflowPolicy {
  /** Reject the new record ({@link DropReason#BUFFER_FULL}). Never waits. The default. */
  DROP_NEWEST,
  /**
   * Evict the oldest records still waiting in the buffer until the new one fits
   * ({@link DropReason#EVICTED}). Records already handed to the transport are not evicted; if
   * nothing can be evicted the new record is rejected ({@link DropReason#BUFFER_FULL}).
   */
  DROP_OLDEST,
  /**
   * Wait up to {@link TributaryConfig#maxBlockTime()} for space, then reject the record
   * ({@link DropReason#BLOCK_TIMEOUT}). The only policy under which a caller can wait.
   */
  BLOCK,
  /**
   * Write records that do not fit in memory to {@link TributaryConfig#spoolDir()} instead of
   * dropping them; requires a spool directory. Memory stays the primary buffer; once it is
   * half full, the oldest records move to disk, and the sender reads the disk first. When the
   * disk reaches {@link TributaryConfig#spoolMaxBytes()}, new records are dropped
   * ({@link DropReason#BUFFER_FULL}).
   */
  SPILL
}
