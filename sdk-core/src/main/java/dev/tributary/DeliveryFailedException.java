package dev.tributary;

/**
 * The destination rejected the record for a reason that retrying cannot fix (an invalid or
 * unauthorized topic, a record the broker considers too large, a 4xx from a proxy). Not
 * retriable. The cause, when present, is the transport's own error.
 */
public final class DeliveryFailedException extends TributaryException {
  private static final long serialVersionUID = 1L;

  public DeliveryFailedException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
