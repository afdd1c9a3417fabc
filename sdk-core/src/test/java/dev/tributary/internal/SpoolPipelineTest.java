package dev.tributary.internal;

import static dev.tributary.internal.ScriptedTransport.Kind.HANG;
import static dev.tributary.internal.ScriptedTransport.Kind.RETRIABLE;
import static dev.tributary.internal.ScriptedTransport.Kind.SUCCEED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.OverflowPolicy;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Diagnostics;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline with a spool, its writer and sender stepped by hand. */
class SpoolPipelineTest {
  @TempDir
  Path dir;
  private final FakeClock clock = new FakeClock();
  private final List<String> warnings = new ArrayList<>();
  private final Diagnostics diagnostics = new Diagnostics() {
    @Override
    public void info(String message) {}

    @Override
    public void warn(String message, Throwable cause) {
      warnings.add(message);
    }

    @Override
    public void error(String message, Throwable cause) {
      warnings.add(message);
    }
  };

  private TributaryConfig.Builder config() {
    return TributaryConfig.builder("kafka://127.0.0.1:9").diagnostics(diagnostics)
        .jmxEnabled(false).linger(Duration.ZERO).spoolDir(dir)
        .deliveryTimeout(Duration.ofSeconds(1));
  }

  private Pipeline pipeline(TributaryConfig.Builder b, ScriptedTransport t,
      Spool.ChannelOpener files) {
    return new Pipeline(b.build(), t, clock, new SplittableRandom(3), false, files);
  }

  private static TributaryRecord record(int i) {
    return TributaryRecord.of("t", ("r" + i).getBytes(StandardCharsets.UTF_8));
  }

  private static void step(Pipeline p, int times) {
    for (int i = 0; i < times; i++) {
      p.spoolWriter().runOnce();
      p.sender().runOnce();
    }
  }

  @Test
  void everyRecordPassesThroughTheDiskAndMemoryIsFreedAtOnce() throws Exception {
    ScriptedTransport t = new ScriptedTransport(clock).otherwise(HANG);
    Pipeline p = pipeline(config(), t, Spool.ChannelOpener.DEFAULT);
    CompletableFuture<RecordMetadata> f = p.send(record(0));
    for (int i = 1; i < 10; i++) {
      p.offer(record(i));
    }
    assertThat(p.metrics().bufferedBytes()).isPositive();
    p.spoolWriter().runOnce();
    assertThat(p.metrics().spooled()).isEqualTo(10);
    assertThat(p.metrics().bufferedBytes()).isZero();
    assertThat(t.records()).isZero(); // the sender had not run yet: nothing bypassed the disk

    p.sender().runOnce();
    assertThat(t.records()).isEqualTo(10);
    ScriptedTransport.Sent sent = t.sent.get(0);
    for (int i = 0; i < 10; i++) {
      sent.callback().succeeded(i, new RecordMetadata("t", 0, i));
    }
    assertThat(f).isCompletedWithValueMatching(md -> md.offset() == 0);
    assertThat(p.metrics().sent()).isEqualTo(10);
    assertThat(p.metrics().pendingRecords()).isZero();
  }

  @Test
  void spooledRecordsOutliveTheDeliveryTimeoutAndTheClose() throws Exception {
    ScriptedTransport down = new ScriptedTransport(clock).otherwise(RETRIABLE);
    Pipeline p = pipeline(config(), down, Spool.ChannelOpener.DEFAULT);
    for (int i = 0; i < 50; i++) {
      p.offer(record(i));
    }
    for (int i = 0; i < 100; i++) {
      step(p, 1);
      clock.advance(Duration.ofMillis(100)); // ten times the delivery timeout in all
    }
    assertThat(p.metrics().failed()).isZero();
    assertThat(p.metrics().retried()).isPositive();
    DeliveryReport report = p.close(Duration.ofMillis(200));
    assertThat(report.spooled()).isEqualTo(50);
    assertThat(report.pending()).isZero();
    assertThat(report.dropped()).isZero();

    // The next run on the same directory delivers them.
    ScriptedTransport up = new ScriptedTransport(clock).otherwise(SUCCEED);
    Pipeline next = pipeline(config(), up, Spool.ChannelOpener.DEFAULT);
    step(next, 3);
    assertThat(up.records()).isEqualTo(50);
    assertThat(next.metrics().replayed()).isEqualTo(50);
    assertThat(next.metrics().sent()).isEqualTo(50);
    assertThat(next.close(Duration.ofMillis(200)).spooled()).isZero();
  }

  @Test
  void aFullDiskFallsBackToMemoryWithAWarningAndLosesNothing() throws Exception {
    AtomicBoolean full = new AtomicBoolean();
    Spool.ChannelOpener files = (path, options) ->
        new FullDiskChannel(FileChannel.open(path, options), full);
    ScriptedTransport t = new ScriptedTransport(clock).otherwise(SUCCEED);
    Pipeline p = pipeline(config().deliveryTimeout(Duration.ofMinutes(1)), t, files);
    full.set(true);
    for (int i = 0; i < 20; i++) {
      assertThat(p.offer(record(i))).isTrue();
    }
    step(p, 2);
    assertThat(warnings).anyMatch(w -> w.contains("cannot be written")
        && w.contains("No space left on device"));
    assertThat(t.records()).isEqualTo(20); // taken straight from memory
    assertThat(p.metrics().sent()).isEqualTo(20);
    assertThat(p.metrics().spooled()).isZero();

    // Space comes back: after its pause the writer uses the disk again.
    full.set(false);
    clock.advance(Duration.ofSeconds(6));
    for (int i = 20; i < 30; i++) {
      p.offer(record(i));
    }
    step(p, 2);
    assertThat(p.metrics().spooled()).isEqualTo(10);
    assertThat(p.metrics().sent()).isEqualTo(30);
  }

  @Test
  void spillKeepsMemoryFirstAndSendsTheOverflowFromDisk() throws Exception {
    ScriptedTransport t = new ScriptedTransport(clock).otherwise(HANG);
    // 16 records of ~100 bytes fit in 2 KiB; the writer spills above half of it.
    Pipeline p = pipeline(config().overflowPolicy(OverflowPolicy.SPILL).bufferBytes(2048)
        .maxRecordBytes(512).maxInFlightBatches(1).batchMaxRecords(1000), t,
        Spool.ChannelOpener.DEFAULT);
    int accepted = 0;
    for (int i = 0; i < 200; i++) {
      accepted += p.offer(record(i)) ? 1 : 0;
      if (i % 5 == 4) {
        p.spoolWriter().runOnce();
      }
    }
    assertThat(accepted).isEqualTo(200);
    assertThat(p.metrics().spooled()).isPositive().isLessThan(200);
    assertThat(p.metrics().bufferedBytes()).isLessThanOrEqualTo(2048);
    assertThat(p.metrics().dropped()).isZero();
  }
}
