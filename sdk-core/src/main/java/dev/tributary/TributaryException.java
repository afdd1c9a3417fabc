package dev.tributary;

/**
 * Base type of every exception Tributary raises or completes a future with.
 *
 * <p>{@link #isRetriable()} says whether trying the same record again later may succeed, in
 * the spirit of Kafka's {@code RetriableException} split.
 */
public class TributaryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retriable;

  public TributaryException(String message, Throwable cause, boolean retriable) {
    super(message, cause);
    this.retriable = retriable;
  }

  /** True when the same record may succeed if tried again later. */
  public boolean isRetriable() {
    return retriable;
  }
}
