package dev.tributary.log4j2;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.spi.Batch;
import dev.tributary.spi.BatchCallback;
import dev.tributary.spi.Destination;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import dev.tributary.spi.TransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Serves {@code capture://<name>} for unit tests: acknowledges every record at once and keeps it
 * under {@code <name>}, so a test reads back exactly what the appender produced without a broker.
 * A name starting with {@code hang} never answers: the buffer only fills.
 */
public final class CaptureTransportProvider implements TransportProvider {
  private static final ConcurrentHashMap<String, ConcurrentLinkedQueue<TributaryRecord>> SINKS =
      new ConcurrentHashMap<>();

  /** Records delivered to {@code capture://name} so far. */
  static List<TributaryRecord> records(String name) {
    return new ArrayList<>(sink(name));
  }

  static void clear(String name) {
    sink(name).clear();
  }

  private static ConcurrentLinkedQueue<TributaryRecord> sink(String name) {
    return SINKS.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
  }

  @Override
  public Set<String> schemes() {
    return Set.of("capture");
  }

  @Override
  public void validate(Destination destination, TributaryConfig config) {}

  @Override
  public Transport create(Destination destination, TributaryConfig config,
      Diagnostics diagnostics) {
    String name = destination.hosts().get(0).host();
    ConcurrentLinkedQueue<TributaryRecord> sink = sink(name);
    return new Transport() {
      @Override
      public void send(Batch batch, BatchCallback callback) {
        for (int i = 0; i < batch.size(); i++) {
          sink.add(batch.record(i));
          if (!name.startsWith("hang")) {
            callback.succeeded(i, new RecordMetadata(batch.record(i).topic(), 0, i));
          }
        }
      }

      @Override
      public void close(Duration timeout) {}
    };
  }
}
