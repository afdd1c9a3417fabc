package dev.tributary.internal.redact;

import dev.tributary.RecordMetadata;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Transport;
import java.time.Duration;

/**
 * Scrubs the configuration's secrets from the failures a transport reports, before they become
 * the causes of delivery exceptions that the application may log. Any transport, whatever its
 * destination answers. Thread-safe as its delegate is.
 */
public final class RedactingTransport implements Transport {
  private final Transport delegate;
  private final Secrets secrets;

  private RedactingTransport(Transport delegate, Secrets secrets) {
    this.delegate = delegate;
    this.secrets = secrets;
  }

  /** {@code transport} guarded by {@code secrets}; itself when there is nothing to hide. */
  public static Transport wrap(Transport transport, Secrets secrets) {
    return secrets.isEmpty() ? transport : new RedactingTransport(transport, secrets);
  }

  @Override
  public void send(Batch batch, BatchCallback callback) {
    delegate.send(batch, new Scrubbing(callback, secrets));
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }

  private record Scrubbing(BatchCallback delegate, Secrets secrets) implements BatchCallback {
    @Override
    public void succeeded(int index, RecordMetadata metadata) {
      delegate.succeeded(index, metadata);
    }

    @Override
    public void accepted(int index, RecordMetadata metadata) {
      delegate.accepted(index, metadata);
    }

    @Override
    public void retriable(int index, Throwable cause, Duration retryAfter) {
      delegate.retriable(index, secrets.scrub(cause, false), retryAfter);
    }

    @Override
    public void fatal(int index, Throwable cause) {
      delegate.fatal(index, secrets.scrub(cause, true));
    }
  }
}
