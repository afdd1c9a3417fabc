package dev.tributary.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TributaryMeterBinderTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void everyMeterReadsItsCounterWhenTheRegistryIsRead() {
    StubMetrics m = new StubMetrics();
    new TributaryMeterBinder("orders", m, Tags.of("app", "shop")).bindTo(registry);

    m.appended = 10;
    m.sent = 7;
    m.retried = 3;
    m.failed = 1;
    m.dropped.put(DropReason.BUFFER_FULL, 2L);
    m.dropped.put(DropReason.SPOOL_CAP, 5L);
    m.spooled = 4;
    m.replayed = 6;
    m.pending = 8;
    m.bufferedBytes = 1234;
    m.batches = 4;
    m.latencyAvgMs = 2.5;
    m.latencyMaxMs = 9;
    m.spoolCorrupt = 1;
    m.spoolBytes = 4096;

    assertThat(counter("tributary.records.appended")).isEqualTo(10);
    assertThat(counter("tributary.records.sent")).isEqualTo(7);
    assertThat(counter("tributary.records.retried")).isEqualTo(3);
    assertThat(counter("tributary.records.failed")).isEqualTo(1);
    assertThat(dropped(DropReason.BUFFER_FULL)).isEqualTo(2);
    assertThat(dropped(DropReason.SPOOL_CAP)).isEqualTo(5);
    assertThat(dropped(DropReason.EVICTED)).isZero();
    assertThat(registry.find("tributary.records.dropped").functionCounters())
        .hasSize(DropReason.values().length);
    assertThat(counter("tributary.records.spooled")).isEqualTo(4);
    assertThat(counter("tributary.records.replayed")).isEqualTo(6);
    assertThat(gauge("tributary.records.pending")).isEqualTo(8);
    assertThat(gauge("tributary.buffer.bytes")).isEqualTo(1234);
    FunctionTimer batches = registry.get("tributary.batch.send").tag("app", "shop")
        .tag("client.id", "orders").functionTimer();
    assertThat(batches.count()).isEqualTo(4);
    // Times go through the registry's base unit (seconds) and back, which is not exact in
    // binary floating point: equal within a picosecond.
    assertThat(batches.totalTime(TimeUnit.MILLISECONDS)).isCloseTo(10.0, within(1e-9));
    assertThat(registry.get("tributary.batch.send.max").tag("client.id", "orders").timeGauge()
        .value(TimeUnit.MILLISECONDS)).isCloseTo(9.0, within(1e-9));
    assertThat(gauge("tributary.spool.bytes")).isEqualTo(4096);
    assertThat(counter("tributary.spool.corrupt.regions")).isEqualTo(1);
    assertThat(registry.get("tributary.buffer.bytes").gauge().getId().getBaseUnit())
        .isEqualTo("bytes");
  }

  @Test
  void closeRemovesEveryMeterItRegistered() {
    TributaryMeterBinder binder = new TributaryMeterBinder("orders", new StubMetrics(),
        Tags.empty());
    binder.bindTo(registry);
    assertThat(registry.getMeters()).isNotEmpty();

    binder.close();
    binder.close();

    assertThat(registry.getMeters()).isEmpty();
    assertThatThrownBy(() -> binder.bindTo(registry))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("orders");
  }

  @Test
  void twoProducersWithOneClientIdGetSeparateMetersAndCloseOnlyTheirOwn() {
    StubMetrics first = new StubMetrics();
    StubMetrics second = new StubMetrics();
    first.sent = 1;
    second.sent = 2;
    TributaryMeterBinder a = new TributaryMeterBinder("dup", first, Tags.empty());
    TributaryMeterBinder b = new TributaryMeterBinder("dup", second, Tags.empty());
    a.bindTo(registry);
    b.bindTo(registry);

    assertThat(a.clientIdTag(registry)).isEqualTo("dup");
    assertThat(b.clientIdTag(registry)).isEqualTo("dup-1");
    assertThat(registry.get("tributary.records.sent").tag("client.id", "dup").functionCounter()
        .count()).isEqualTo(1);
    assertThat(registry.get("tributary.records.sent").tag("client.id", "dup-1")
        .functionCounter().count()).isEqualTo(2);

    a.close();
    assertThat(registry.find("tributary.records.sent").tag("client.id", "dup").meter()).isNull();
    assertThat(registry.get("tributary.records.sent").tag("client.id", "dup-1")
        .functionCounter().count()).isEqualTo(2);
  }

  @Test
  void metersBoundToACompositeReachRegistriesAddedLaterAndLeaveThemOnClose() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    StubMetrics m = new StubMetrics();
    TributaryMeterBinder binder = new TributaryMeterBinder("late", m, Tags.empty());
    binder.bindTo(composite);
    m.sent = 42;

    composite.add(registry);
    assertThat(registry.get("tributary.records.sent").tag("client.id", "late")
        .functionCounter().count()).isEqualTo(42);

    binder.close();
    assertThat(registry.find("tributary.records.sent").meters()).isEmpty();
    assertThat(composite.getMeters()).isEmpty();
  }

  private double counter(String name) {
    return registry.get(name).tag("client.id", "orders").tag("app", "shop").functionCounter()
        .count();
  }

  private double dropped(DropReason reason) {
    return registry.get("tributary.records.dropped").tag("client.id", "orders")
        .tag("reason", reason.name()).functionCounter().count();
  }

  private double gauge(String name) {
    return registry.get(name).tag("client.id", "orders").gauge().value();
  }

  /** Counters set by the test; what a producer's metrics would read. */
  static final class StubMetrics implements ProducerMetrics {
    volatile long appended;
    volatile long sent;
    volatile long retried;
    volatile long failed;
    final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
    volatile long spooled;
    volatile long replayed;
    volatile long pending;
    volatile long bufferedBytes;
    volatile long batches;
    volatile double latencyAvgMs;
    volatile double latencyMaxMs;
    volatile long spoolCorrupt;
    volatile long spoolBytes;

    @Override
    public long appended() {
      return appended;
    }

    @Override
    public long sent() {
      return sent;
    }

    @Override
    public long retried() {
      return retried;
    }

    @Override
    public long failed() {
      return failed;
    }

    @Override
    public long dropped() {
      return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long dropped(DropReason reason) {
      return dropped.getOrDefault(reason, 0L);
    }

    @Override
    public long bufferedBytes() {
      return bufferedBytes;
    }

    @Override
    public long pendingRecords() {
      return pending;
    }

    @Override
    public long batchesCompleted() {
      return batches;
    }

    @Override
    public double batchSendLatencyAvgMs() {
      return latencyAvgMs;
    }

    @Override
    public double batchSendLatencyMaxMs() {
      return latencyMaxMs;
    }

    @Override
    public long spooled() {
      return spooled;
    }

    @Override
    public long replayed() {
      return replayed;
    }

    @Override
    public long spoolCorruptRegions() {
      return spoolCorrupt;
    }

    @Override
    public long spoolDiskBytes() {
      return spoolBytes;
    }
  }
}
