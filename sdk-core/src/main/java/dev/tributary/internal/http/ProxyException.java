package dev.tributary.internal.http;

/**
 * Why an HTTP proxy did not take a record: the HTTP status, the proxy's error code and its
 * message, or the I/O failure underneath. Carried as the cause of the producer's delivery
 * exceptions; never thrown by the transports. Its message names the request as
 * {@code POST scheme://host:port/path} (no query, which could hold a record key) and never
 * holds a credential.
 */
public final class ProxyException extends Exception {
  private static final long serialVersionUID = 1L;
  /** {@link #status()} when no HTTP response was received. */
  public static final int NO_STATUS = -1;

  private final int status;
  private final Long errorCode;
  private final boolean retriable;

  public ProxyException(String message, int status, Long errorCode, boolean retriable,
      Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
    this.retriable = retriable;
  }

  /** The HTTP status, or {@link #NO_STATUS}. */
  public int status() {
    return status;
  }

  /** The proxy's {@code error_code} for the record or request, or null. */
  public Long errorCode() {
    return errorCode;
  }

  /** Whether the transport reported the failure as retriable. */
  public boolean retriable() {
    return retriable;
  }
}
