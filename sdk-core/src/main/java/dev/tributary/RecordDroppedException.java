package dev.tributary;

/**
 * The record was dropped before delivery; {@link #reason()} says why. Retriable for the
 * capacity reasons (the buffer may have room later), not for an oversized record or a closed
 * producer.
 */
public final class RecordDroppedException extends TributaryException {
  private static final long serialVersionUID = 1L;
  private final DropReason reason;

  public RecordDroppedException(DropReason reason, String message) {
    super(message, null, reason == DropReason.BUFFER_FULL || reason == DropReason.EVICTED
        || reason == DropReason.BLOCK_TIMEOUT);
    this.reason = reason;
  }

  public DropReason reason() {
    return reason;
  }
}
