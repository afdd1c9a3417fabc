package dev.tributary.micrometer;

import dev.tributary.DestinationMetrics;
import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import dev.tributary.TributaryProducer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds one producer's {@link ProducerMetrics} to Micrometer registries as meters named
 * {@code tributary.*} and tagged {@code client.id=<clientId>}. The meters read the producer's
 * own counters when a registry is scraped ({@link FunctionCounter}, {@link Gauge},
 * {@link TimeGauge}, {@link FunctionTimer}), so binding adds no cost per record.
 *
 * <p>Every {@code TributaryProducer} already binds itself to Micrometer's global registry
 * ({@code Metrics.globalRegistry}) when Micrometer is on the classpath, unless
 * {@code TributaryConfig.Builder.micrometerEnabled(false)}; this class is for binding to a
 * registry of your choice instead. If {@code registry} already holds a Tributary producer with
 * the same client id, the tag gets a numeric suffix ({@code -1}, {@code -2}, ...) as the JMX
 * name does, so two producers never share (and never remove) each other's meters.
 *
 * <p>Each destination (the primary, and any standby) also has meters of its own,
 * {@code tributary.destination.records.sent|retried|failed|dropped},
 * {@code tributary.destination.records.pending}, {@code tributary.destination.active} (1 while
 * new records go there) and {@code tributary.destination.switches} (times traffic switched to
 * it), tagged {@code destination=<name>} as well; see {@code DestinationMetrics}.
 *
 * <p>Thread-safe. {@link #close()} removes the meters from every registry this binder bound
 * them to; a producer's automatic binding is closed with the producer.
 *
 * <pre>{@code
 * TributaryProducer producer = TributaryProducer.create(TributaryConfig.builder(destination)
 *     .micrometerEnabled(false)   // no automatic binding to the global registry
 *     .build());
 * TributaryMeterBinder meters = new TributaryMeterBinder(producer);
 * meters.bindTo(prometheusRegistry);
 * ...
 * producer.close();
 * meters.close();                 // removes the meters
 * }</pre>
 */
public final class TributaryMeterBinder implements MeterBinder, AutoCloseable {
  /** The tag naming the producer: its {@code clientId}. */
  public static final String CLIENT_ID_TAG = "client.id";
  /** The tag on {@code tributary.records.dropped}: a {@link DropReason} name. */
  public static final String REASON_TAG = "reason";
  /**
   * The tag on {@code tributary.destination.*}: the destination's name ({@code primary}, or a
   * standby's).
   */
  public static final String DESTINATION_TAG = "destination";

  private static final String APPENDED = "tributary.records.appended";
  /** Serialises choosing a free client id with registering under it, across binders. */
  private static final Object REGISTER_LOCK = new Object();

  private final String clientId;
  private final ProducerMetrics metrics;
  private final Tags tags;
  /** Guarded by itself, as is {@link #closed}. */
  private final List<Bound> bound = new ArrayList<>();
  private boolean closed;

  /** A binder for {@code producer}'s metrics, tagged with its client id. */
  public TributaryMeterBinder(TributaryProducer producer) {
    this(producer, Tags.empty());
  }

  /** A binder for {@code producer}'s metrics with {@code tags} added to every meter. */
  public TributaryMeterBinder(TributaryProducer producer, Iterable<Tag> tags) {
    this(Objects.requireNonNull(producer, "producer").config().clientId(), producer.metrics(),
        tags);
  }

  /**
   * A binder for any {@link ProducerMetrics}, e.g. an appender's {@code metrics()}, tagged
   * {@code client.id=clientId} plus {@code tags}.
   */
  public TributaryMeterBinder(String clientId, ProducerMetrics metrics, Iterable<Tag> tags) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Registers the meters in {@code registry}. Binding to several registries is allowed; binding
   * after {@link #close()} is not.
   *
   * @throws IllegalStateException if this binder was closed
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (bound) {
      if (closed) {
        throw new IllegalStateException("TributaryMeterBinder for " + clientId + " is closed");
      }
      synchronized (REGISTER_LOCK) {
        String id = freeClientId(registry);
        bound.add(new Bound(registry, id, register(registry, tags.and(CLIENT_ID_TAG, id))));
      }
    }
  }

  /**
   * The {@code client.id} tag value used in {@code registry}: the client id, or it with a
   * suffix when taken. Null if this binder is not bound to {@code registry}.
   */
  public String clientIdTag(MeterRegistry registry) {
    synchronized (bound) {
      for (Bound b : bound) {
        if (b.registry == registry) {
          return b.clientId;
        }
      }
      return null;
    }
  }

  /** Removes every meter this binder registered, from every registry. Idempotent. */
  @Override
  public void close() {
    synchronized (bound) {
      for (Bound b : bound) {
        for (Meter meter : b.meters) {
          b.registry.remove(meter);
        }
      }
      bound.clear();
      closed = true;
    }
  }

  private String freeClientId(MeterRegistry registry) {
    for (int i = 0; ; i++) {
      String id = i == 0 ? clientId : clientId + "-" + i;
      if (registry.find(APPENDED).tags(tags).tag(CLIENT_ID_TAG, id).meter() == null) {
        return id;
      }
    }
  }

  private List<Meter> register(MeterRegistry registry, Tags t) {
    ProducerMetrics m = metrics;
    List<Meter> meters = new ArrayList<>();
    meters.add(counter(registry, t, APPENDED, "Records accepted into the buffer",
        ProducerMetrics::appended));
    meters.add(counter(registry, t, "tributary.records.sent",
        "Records the destination acknowledged", ProducerMetrics::sent));
    meters.add(counter(registry, t, "tributary.records.unconfirmed",
        "Records a proxy accepted without Kafka's confirmation (kafka-pixy async mode)",
        ProducerMetrics::unconfirmed));
    meters.add(counter(registry, t, "tributary.records.retried",
        "Record re-attempts after a retriable failure", ProducerMetrics::retried));
    meters.add(counter(registry, t, "tributary.records.failed",
        "Records rejected by the destination or past the delivery timeout",
        ProducerMetrics::failed));
    for (DropReason reason : DropReason.values()) {
      meters.add(counter(registry, t.and(REASON_TAG, reason.name()), "tributary.records.dropped",
          "Records dropped before delivery, by reason", pm -> pm.dropped(reason)));
    }
    meters.add(counter(registry, t, "tributary.records.spooled",
        "Records written to the disk spool", ProducerMetrics::spooled));
    meters.add(counter(registry, t, "tributary.records.replayed",
        "Records read back from a spool an earlier run had written", ProducerMetrics::replayed));
    meters.add(Gauge.builder("tributary.records.pending", m, ProducerMetrics::pendingRecords)
        .description("Records accepted but not yet completed").baseUnit("records").tags(t)
        .register(registry));
    meters.add(Gauge.builder("tributary.buffer.bytes", m, ProducerMetrics::bufferedBytes)
        .description("Bytes held by records accepted but not yet completed")
        .baseUnit("bytes").tags(t).register(registry));
    meters.add(FunctionTimer.builder("tributary.batch.send", m,
            ProducerMetrics::batchesCompleted,
            pm -> pm.batchSendLatencyAvgMs() * pm.batchesCompleted(), TimeUnit.MILLISECONDS)
        .description("Batches the transport finished with, and the time from hand-over until"
            + " each batch's last record completed").tags(t).register(registry));
    meters.add(TimeGauge.builder("tributary.batch.send.max", m, TimeUnit.MILLISECONDS,
            ProducerMetrics::batchSendLatencyMaxMs)
        .description("Longest batch send time seen").tags(t).register(registry));
    meters.add(Gauge.builder("tributary.spool.bytes", m, ProducerMetrics::spoolDiskBytes)
        .description("Bytes the disk spool uses").baseUnit("bytes").tags(t).register(registry));
    meters.add(counter(registry, t, "tributary.spool.corrupt.regions",
        "Corrupt or torn spool regions skipped on read-back", ProducerMetrics::spoolCorruptRegions));
    for (DestinationMetrics d : m.destinations()) {
      destinationMeters(registry, t.and(DESTINATION_TAG, d.name()), d, meters);
    }
    return meters;
  }

  /** Each destination's own meters: names of their own, so tag sets never mix. */
  private static void destinationMeters(MeterRegistry registry, Tags t, DestinationMetrics d,
      List<Meter> meters) {
    meters.add(destinationCounter(registry, t, d, "tributary.destination.records.sent",
        "Records this destination acknowledged", DestinationMetrics::sent));
    meters.add(destinationCounter(registry, t, d, "tributary.destination.records.retried",
        "Attempts this destination failed retriably", DestinationMetrics::retried));
    meters.add(destinationCounter(registry, t, d, "tributary.destination.records.failed",
        "Records this destination rejected for good (mirror mode: or that timed out)",
        DestinationMetrics::failed));
    meters.add(destinationCounter(registry, t, d, "tributary.destination.records.dropped",
        "Mirror mode: records dropped from this destination's share of the buffer",
        DestinationMetrics::dropped));
    meters.add(Gauge.builder("tributary.destination.records.pending", d,
            DestinationMetrics::pendingRecords)
        .description("Failover: records handed to this destination and not answered; mirror:"
            + " records accepted for it and not completed")
        .baseUnit("records").tags(t).register(registry));
    meters.add(Gauge.builder("tributary.destination.active", d, x -> x.active() ? 1 : 0)
        .description("1 while new records go to this destination").tags(t).register(registry));
    meters.add(FunctionCounter.builder("tributary.destination.switches", d,
            DestinationMetrics::switchedTo)
        .description("Times traffic switched to this destination").tags(t).register(registry));
  }

  private static FunctionCounter destinationCounter(MeterRegistry registry, Tags t,
      DestinationMetrics d, String name, String description,
      ToDoubleFunction<DestinationMetrics> value) {
    return FunctionCounter.builder(name, d, value).description(description)
        .baseUnit("records").tags(t).register(registry);
  }

  private FunctionCounter counter(MeterRegistry registry, Tags t, String name, String description,
      ToDoubleFunction<ProducerMetrics> value) {
    String unit = name.startsWith("tributary.records.") ? "records" : null;
    return FunctionCounter.builder(name, metrics, value).description(description)
        .baseUnit(unit).tags(t).register(registry);
  }

  @Override
  public String toString() {
    return "TributaryMeterBinder{" + clientId + '}';
  }

  private static final class Bound {
    final MeterRegistry registry;
    final String clientId;
    final List<Meter> meters;

    Bound(MeterRegistry registry, String clientId, List<Meter> meters) {
      this.registry = registry;
      this.clientId = clientId;
      this.meters = meters;
    }
  }
}
