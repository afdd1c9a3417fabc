package dev.tributary.benchmarks;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.time.Duration;
import java.util.Set;

/**
 * Serves {@code noop://} destinations with a transport that acknowledges every record at once,
 * on the sender thread, so a benchmark measures the producer and not a network. Stateless and
 * thread-safe.
 */
public final class NoopTransportProvider implements TransportProvider {
  /** The scheme this provider serves: {@code noop://anything}. */
  public static final String SCHEME = "noop";

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public void validate(Destination destination, TributaryConfig config) {
    // Nothing to check: there is no destination to reach.
  }

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    return new NoopTransport();
  }

  private static final class NoopTransport implements Transport {
    @Override
    public void send(Batch batch, BatchCallback callback) {
      for (int i = 0; i < batch.size(); i++) {
        callback.succeeded(i, new RecordMetadata(batch.record(i).topic(), 0, i));
      }
    }

    @Override
    public void close(Duration timeout) {}
  }
}
