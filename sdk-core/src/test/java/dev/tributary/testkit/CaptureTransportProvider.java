package dev.tributary.testkit;

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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test transport for {@code capture://<channel>}: records are kept in memory per channel, so
 * an appender test reads back exactly what the appender produced without a broker. A channel
 * whose name starts with {@code hang} never answers (the buffer only fills), one starting with
 * {@code fail} fails every record retriably; any other acknowledges at once. Not registered
 * here: a module whose tests use it lists it in its own test
 * {@code META-INF/services/dev.tributary.spi.TransportProvider}.
 */
public final class CaptureTransportProvider implements TransportProvider {
  private static final Map<String, List<TributaryRecord>> CHANNELS = new ConcurrentHashMap<>();

  /** What reached channel {@code name} (acknowledged or not), live. */
  public static List<TributaryRecord> channel(String name) {
    return CHANNELS.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
  }

  /** A copy of what reached channel {@code name} so far. */
  public static List<TributaryRecord> records(String name) {
    return new ArrayList<>(channel(name));
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
    List<TributaryRecord> sink = channel(name);
    return new Transport() {
      @Override
      public void send(Batch batch, BatchCallback callback) {
        for (int i = 0; i < batch.size(); i++) {
          sink.add(batch.record(i));
          if (name.startsWith("hang")) {
            continue;
          }
          if (name.startsWith("fail")) {
            callback.retriable(i, new IllegalStateException("scripted failure"), null);
          } else {
            callback.succeeded(i, new RecordMetadata(batch.record(i).topic(), 0, i));
          }
        }
      }

      @Override
      public void close(Duration timeout) {}
    };
  }
}
