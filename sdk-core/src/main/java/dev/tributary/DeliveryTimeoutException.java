package dev.tributary;

/**
 * The record was not acknowledged within {@link TributaryConfig#deliveryTimeout()}. Retriable:
 * the destination was unreachable or slow, and a later attempt may succeed. The cause is the
 * last error seen, if any.
 */
public final class DeliveryTimeoutException extends TributaryException {
  private static final long serialVersionUID = 1L;

  public DeliveryTimeoutException(String message, Throwable lastError) {
    super(message, lastError, true);
  }
}
