package dev.tributary.internal;

import static dev.tributary.internal.SenderTest.causeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.ProducerClosedException;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who closes the spool, and who takes it over: with real threads, a disk that hangs on
 * command, and a second producer on the same directory. Waits are for conditions, bounded
 * only to fail instead of hanging.
 */
class SpoolLifecycleTest {
  private static final long LIVENESS_NANOS = TimeUnit.SECONDS.toNanos(30);
  @TempDir
  Path dir;

  private TributaryConfig config() {
    return TributaryConfig.builder("kafka://127.0.0.1:9").diagnostics(Diagnostics.none())
        .jmxEnabled(false).micrometerEnabled(false).linger(Duration.ZERO).spoolDir(dir)
        .build();
  }

  private static TributaryRecord record(int i) {
    return TributaryRecord.of("t", ("r" + i).getBytes(StandardCharsets.UTF_8));
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + LIVENESS_NANOS;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: %s", what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void aSpoolWriterStuckOnTheDiskAtCloseClosesTheSpoolItselfAndLosesNothing()
      throws Exception {
    AtomicBoolean stall = new AtomicBoolean();
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch disk = new CountDownLatch(1);
    Spool.ChannelOpener files = (path, options) -> new FullDiskChannel(
        FileChannel.open(path, options), new AtomicBoolean(), () -> {
          if (stall.get()) {
            stuck.countDown();
            try {
              disk.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    ScriptedTransport hung = new ScriptedTransport(new FakeClock())
        .otherwise(ScriptedTransport.Kind.HANG);
    Pipeline p = new Pipeline(config(), hung, Clock.SYSTEM, new SplittableRandom(1), true,
        files);
    stall.set(true);
    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(p.send(record(i)));
    }
    assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue(); // the writer hangs in a write

    DeliveryReport report = p.close(Duration.ofMillis(100));
    assertThat(report.pending() + report.spooled()).isEqualTo(10);
    // Close could not wait for the writer: the spool stays open, the writer's to close.
    assertThat(Spool.heldInThisJvm(dir)).isNotNull();

    stall.set(false);
    disk.countDown();
    await("the writer closed the spool", () -> Spool.heldInThisJvm(dir) == null);
    await("every future completed", () -> futures.stream().allMatch(CompletableFuture::isDone));
    for (CompletableFuture<RecordMetadata> f : futures) {
      assertThat(causeOf(f)).isInstanceOf(ProducerClosedException.class);
      assertThat(((ProducerClosedException) causeOf(f)).inSpool()).isTrue();
    }
    assertThat(p.metrics().bufferedBytes()).isZero();

    // The next run finds all ten on disk.
    ScriptedTransport ok = new ScriptedTransport(new FakeClock());
    Pipeline next = new Pipeline(config(), ok, Clock.SYSTEM, new SplittableRandom(2), true);
    await("the next run delivered them", () -> next.metrics().sent() == 10);
    assertThat(next.metrics().replayed()).isEqualTo(10);
    next.close(Duration.ofSeconds(10));
  }

  @Test
  void aSecondProducerOnTheSameDirectoryTakesItOverWhenTheFirstCloses() throws Exception {
    ScriptedTransport down = new ScriptedTransport(new FakeClock())
        .otherwise(ScriptedTransport.Kind.HANG);
    Pipeline first = new Pipeline(config(), down, Clock.SYSTEM, new SplittableRandom(1), true);
    for (int i = 0; i < 5; i++) {
      first.offer(record(i));
    }
    await("the first producer spooled its records", () -> first.metrics().spooled() == 5);

    // A reload starts the successor while the first one still holds the directory.
    ScriptedTransport up = new ScriptedTransport(new FakeClock());
    Pipeline second = new Pipeline(config(), up, Clock.SYSTEM, new SplittableRandom(2), true);
    for (int i = 5; i < 10; i++) {
      assertThat(second.offer(record(i))).isTrue();
    }
    await("the successor ships from memory meanwhile", () -> second.metrics().sent() == 5);
    assertThat(second.metrics().spooled()).isZero();

    first.close(Duration.ofMillis(200));
    await("the successor took the spool over and sent what the first left",
        () -> second.metrics().sent() == 10);
    assertThat(second.metrics().replayed()).isEqualTo(5);
    assertThat(second.offer(record(10))).isTrue();
    await("new records pass through the disk again", () -> second.metrics().spooled() == 1);
    DeliveryReport report = second.close(Duration.ofSeconds(10));
    assertThat(report.sent()).isEqualTo(11);
    assertThat(report.pending() + report.spooled() + report.dropped() + report.failed())
        .isZero();
  }
}
