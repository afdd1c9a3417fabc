package dev.tributary.internal;

import dev.tributary.DeliveryReport;
import dev.tributary.DestinationMode;
import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The producer's engine behind {@code TributaryProducer}: appends on the caller's thread,
 * flushes and closes against deadlines. The work is done by its parts, built by
 * {@link Assembly}: {@link Intake} (the caller side), {@link Outcomes} (completion),
 * {@link Delivery} (sender and transport, one per destination), {@link Spooling} (the disk)
 * and {@link Shutdown} (flush and close). In mirror mode there is one such assembly per
 * destination, and {@link Mirror} runs them side by side. Tests build it with a fake clock and
 * scripted transports.
 */
public final class Pipeline {
  /** One assembly; in mirror mode one per destination, the primary's first. */
  private final List<Assembly> lanes;
  private final Assembly parts;
  /** Null unless in mirror mode. */
  private final Mirror mirror;
  private final TributaryConfig config;

  /**
   * @param startThread false in tests that drive {@link #sender()} by hand
   */
  public Pipeline(TributaryConfig config, Transport transport, Clock clock,
      RandomGenerator random, boolean startThread) {
    this(config, transport, clock, random, startThread, Spool.ChannelOpener.DEFAULT);
  }

  /** With a custom way to open spool files, so tests can make the disk fail. */
  Pipeline(TributaryConfig config, Transport transport, Clock clock, RandomGenerator random,
      boolean startThread, Spool.ChannelOpener spoolFiles) {
    this(config, List.of(() -> transport), clock, random, startThread, spoolFiles);
  }

  /**
   * @param transports makes each destination's transport, primary first, in the order of
   *     {@link TributaryConfig#destinationConfigs()}; failover calls one again to replace a
   *     transport it retired
   * @param startThread false in tests that drive the senders by hand
   */
  public Pipeline(TributaryConfig config, List<Supplier<Transport>> transports, Clock clock,
      RandomGenerator random, boolean startThread, Spool.ChannelOpener spoolFiles) {
    this.config = Objects.requireNonNull(config, "config");
    if (config.destinationMode() == DestinationMode.MIRROR && !config.standbys().isEmpty()) {
      List<Assembly> built = new ArrayList<>();
      try {
        List<TributaryConfig> each = config.destinationConfigs();
        for (int i = 0; i < each.size(); i++) {
          built.add(new Assembly(each.get(i), List.of(transports.get(i)), clock,
              i == 0 ? random : new SplittableRandom(random.nextLong()), spoolFiles));
        }
      } catch (RuntimeException | Error e) {
        for (Assembly lane : built) {
          lane.shutdown.close(Duration.ZERO);
        }
        throw e;
      }
      this.lanes = List.copyOf(built);
      this.mirror = new Mirror(lanes, clock);
    } else {
      this.lanes = List.of(new Assembly(config, transports, clock, random, spoolFiles));
      this.mirror = null;
    }
    this.parts = lanes.get(0);
    if (startThread) {
      lanes.forEach(Assembly::start);
    }
  }

  /** Appends without waiting (except under BLOCK, up to its bound). */
  public boolean offer(TributaryRecord record) {
    Objects.requireNonNull(record, "record");
    boolean accepted = parts.intake.append(record, null) == null;
    for (int i = 1; i < lanes.size(); i++) {
      lanes.get(i).intake.append(record, null);
    }
    return accepted;
  }

  /**
   * Builds a record from {@code source} and appends it, building it only once the buffer has
   * room for it (see {@link Intake#append(Object, Function, CompletableFuture)}). In mirror
   * mode every destination reserves room in its own share first; the record is built once if
   * any has room, and each settles its own reservation against it, while a destination whose
   * share is full drops it (counted there). The result is the primary's.
   */
  public <T> boolean offer(T source, Function<? super T, TributaryRecord> build) {
    Objects.requireNonNull(build, "build");
    if (lanes.size() == 1) {
      return parts.intake.append(source, build, null) == null;
    }
    // Every share reserves first, and nothing is counted until the one build succeeded: what
    // build throws leaves no count anywhere, as with a single destination.
    int[] held = new int[lanes.size()];
    boolean room = false;
    for (int i = 0; i < held.length; i++) {
      held[i] = lanes.get(i).intake.reserveToBuild();
      room |= held[i] >= 0;
    }
    TributaryRecord record = null;
    if (room) {
      try {
        record = Objects.requireNonNull(build.apply(source), "the built record");
      } catch (RuntimeException | Error e) {
        for (int i = 0; i < held.length; i++) {
          if (held[i] >= 0) {
            lanes.get(i).intake.giveBack(held[i]);
          }
        }
        throw e;
      }
    }
    boolean accepted = false;
    for (int i = 0; i < held.length; i++) {
      Intake intake = lanes.get(i).intake;
      DropReason reason = held[i] >= 0 ? intake.admitBuilt(held[i], record)
          : intake.refuse(held[i]);
      accepted |= i == 0 && reason == null;
    }
    return accepted;
  }

  /**
   * Appends and returns a future of the record's outcome; never throws for delivery reasons.
   * In mirror mode the future is the primary's.
   */
  public CompletableFuture<RecordMetadata> send(TributaryRecord record) {
    Objects.requireNonNull(record, "record");
    if (parts.intake.isClosed()) {
      throw new IllegalStateException("Producer " + parts.config.clientId() + " is closed");
    }
    CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
    DropReason reason = parts.intake.append(record, future);
    for (int i = 1; i < lanes.size(); i++) {
      lanes.get(i).intake.append(record, null);
    }
    if (reason != null) {
      future.completeExceptionally(parts.outcomes.dropException(reason, record));
    }
    return future;
  }

  /** Waits until every record accepted before the call has completed, or the timeout passes. */
  public DeliveryReport flush(Duration timeout) {
    return mirror != null ? mirror.flush(timeout) : parts.shutdown.flush(timeout);
  }

  /**
   * Stops accepting records, delivers what it can until the deadline, then abandons the rest.
   * Returns by the deadline even if the transport hangs. Idempotent.
   */
  public DeliveryReport close(Duration timeout) {
    return mirror != null ? mirror.close(timeout) : parts.shutdown.close(timeout);
  }

  /** The producer's counters (in mirror mode the primary's), with each destination's. */
  public ProducerMetrics metrics() {
    return parts.metrics;
  }

  public TributaryConfig config() {
    return config;
  }

  boolean isClosing() {
    return parts.intake.isClosed();
  }

  /** For tests that step the spool writer by hand; null without a spool. */
  SpoolWriter spoolWriter() {
    return parts.spooling == null ? null : parts.spooling.writer();
  }

  /** For tests that step the sender by hand: the primary's. */
  Sender sender() {
    return parts.delivery.sender();
  }

  /** For tests: every assembly (one per destination in mirror mode). */
  List<Assembly> lanes() {
    return lanes;
  }
}
