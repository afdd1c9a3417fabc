package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.DestinationMetrics;
import dev.tributary.DestinationMode;
import dev.tributary.DestinationReport;
import dev.tributary.OverflowPolicy;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.spool.Spool;
import dev.tributary.spi.Diagnostics;
import dev.tributary.spi.Transport;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads offering (built records, and records built only on room), evicting, blocking,
 * flushing and closing at once, against transports
 * that fail, hang and recover, repeated with randomized timing. Every run checks the outcome
 * invariant: every offered record ends in exactly one of sent, failed, dropped or pending (or
 * spooled) in the close report and the metrics, every future completes, and no byte of the
 * buffer stays reserved.
 *
 * <p>Interleavings differ from run to run; the invariant must hold under all of them, so the
 * tests are not flaky on a correct pipeline. Each failure names the seed of its run. Liveness
 * (a future that never completes) is checked with a generous bound after close returned:
 * nothing is left to happen by then but callbacks already under way.
 */
class LifecycleStressTest {
  private static final int RECORD_BYTES = 256;
  /** After close returned, how long stragglers (a sender stuck in a send) may take. */
  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  @TempDir
  Path tmp;
  /** Switches between destinations seen over the runs: the failover scenario must make some. */
  private final AtomicLong switches = new AtomicLong();

  /** What one run does: its configuration, transport, and how long callers work before close. */
  private record Scenario(String name, OverflowPolicy policy, long bufferBytes,
      Duration maxBlock, ChaosTransport.Odds odds, int threads, int perThread,
      boolean flushes, boolean spool, int diskStallMicros, Duration closeTimeout,
      int offerPauseNanos, int destinations, DestinationMode mode) {
    Scenario(String name, OverflowPolicy policy, long bufferBytes, Duration maxBlock,
        ChaosTransport.Odds odds, int threads, int perThread, boolean flushes, boolean spool,
        int diskStallMicros, Duration closeTimeout) {
      this(name, policy, bufferBytes, maxBlock, odds, threads, perThread, flushes, spool,
          diskStallMicros, closeTimeout, 0, 1, DestinationMode.FAILOVER);
    }

    /** The same run against {@code n} destinations in {@code m} mode. */
    Scenario with(int n, DestinationMode m) {
      return new Scenario(name, policy, bufferBytes, maxBlock, odds, threads, perThread,
          flushes, spool, diskStallMicros, closeTimeout, offerPauseNanos, n, m);
    }
  }

  /**
   * The sender takes a record waiting for a retry while callers evict records waiting for a
   * retry to make room (DROP_OLDEST). The sender is stepped in a tight loop on this thread, so
   * it takes retries thousands of times while the callers evict on other threads; every
   * record must still end up sent, failed or dropped, never lost between the two.
   */
  @Test
  void evictionUnderDropOldestNeverStrandsARecordTheSenderIsRetrying() throws Exception {
    long start = System.nanoTime();
    int runs = 6;
    for (int run = 0; run < runs; run++) {
      FakeClock clock = new FakeClock();
      TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9")
          .diagnostics(Diagnostics.none()).jmxEnabled(false).micrometerEnabled(false)
          .bufferBytes(32L * RECORD_BYTES).maxRecordBytes(RECORD_BYTES)
          .overflowPolicy(OverflowPolicy.DROP_OLDEST).linger(Duration.ZERO)
          .batchMaxRecords(8).retryBackoff(Duration.ofMillis(1))
          .retryBackoffMax(Duration.ofMillis(1)).deliveryTimeout(Duration.ofHours(1)).build();
      // Fails every record of every other batch at once, on the sender's thread.
      Transport flaky = new Transport() {
        private int calls;

        @Override
        public void send(dev.tributary.spi.Batch batch, dev.tributary.spi.BatchCallback cb) {
          boolean fail = calls++ % 2 == 0;
          for (int i = 0; i < batch.size(); i++) {
            if (fail) {
              cb.retriable(i, new IllegalStateException("down"), null);
            } else {
              cb.succeeded(i, new RecordMetadata("t", 0, i));
            }
          }
        }

        @Override
        public void close(Duration timeout) {}
      };
      Pipeline p = new Pipeline(config, flaky, clock, new SplittableRandom(run), false);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong offered = new AtomicLong();
      ConcurrentLinkedQueue<CompletableFuture<RecordMetadata>> futures =
          new ConcurrentLinkedQueue<>();
      List<Thread> evictors = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        evictors.add(new Thread(() -> {
          while (!stop.get()) {
            futures.add(p.send(TributaryRecord.of("t", new byte[RECORD_BYTES - 64 - 1])));
            offered.incrementAndGet();
          }
        }, "stress-evictor-" + t));
      }
      evictors.forEach(Thread::start);
      for (int round = 0; round < 200_000; round++) {
        clock.advance(Duration.ofMillis(5)); // every backoff has ended
        p.sender().runOnce();
      }
      stop.set(true);
      for (Thread t : evictors) {
        join(t);
      }
      DeliveryReport report = p.close(Duration.ZERO);
      long open = futures.stream().filter(f -> !f.isDone()).count();
      assertThat(open).as("run %d: futures never completed of %d offered; report %s, %d bytes "
          + "still reserved", run, offered.get(), report, p.metrics().bufferedBytes()).isZero();
      assertThat(p.metrics().bufferedBytes()).as("run %d: bytes still reserved", run).isZero();
      assertThat(report.sent() + report.failed() + report.dropped() + report.pending())
          .as("run %d: report %s", run, report).isEqualTo(offered.get());
    }
    System.out.printf("evict-vs-retry: %d runs in %d ms%n", runs,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @Test
  void closeNeverStrandsARecordOfACallerBlockedForRoom() {
    // Every batch hangs, so the buffer fills and callers block until close releases it.
    repeat(150, seed -> new Scenario("close-vs-block", OverflowPolicy.BLOCK,
        8L * RECORD_BYTES, Duration.ofSeconds(5), new ChaosTransport.Odds(100, 0, 0, 0, 0),
        4, 40, false, false, 0, Duration.ofMillis(5)));
  }

  @Test
  void closeNeverStrandsARecordWhileTheSpoolWriterIsStuckOnTheDisk() {
    // Each write to the disk stalls for longer than close waits, so close finds the spool
    // writer still running.
    repeat(25, seed -> new Scenario("close-vs-spool-writer", OverflowPolicy.DROP_NEWEST,
        64L * RECORD_BYTES, Duration.ZERO, new ChaosTransport.Odds(30, 0, 30, 0, 0), 2, 30,
        false, true, 30_000, Duration.ofMillis(10)));
  }

  @Test
  void everythingAtOnceKeepsEveryRecordInExactlyOneOutcome() {
    repeat(150, seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      OverflowPolicy policy = OverflowPolicy.values()[r.nextInt(3)]; // no SPILL without a spool
      boolean spool = r.nextInt(4) == 0;
      return new Scenario("mixed", spool && r.nextBoolean() ? OverflowPolicy.DROP_OLDEST : policy,
          (8 + r.nextInt(56)) * (long) RECORD_BYTES, Duration.ofMillis(r.nextInt(50)),
          new ChaosTransport.Odds(r.nextInt(20), r.nextInt(10), r.nextInt(60), r.nextInt(5),
              r.nextInt(10)),
          2 + r.nextInt(4), 50 + r.nextInt(300), true, spool, r.nextInt(4) == 0 ? 2000 : 0,
          Duration.ofMillis(r.nextInt(60)));
    });
  }

  /**
   * The same chaos with a primary and a standby in failover mode, failing over and back every
   * few tens of milliseconds: records retried across destinations, transports retired with
   * records in them, probes, all racing close.
   */
  @Test
  void failoverBetweenDestinationsKeepsEveryRecordInExactlyOneOutcome() {
    repeat(50, seed -> mixed(seed, "failover").with(2, DestinationMode.FAILOVER));
    assertThat(switches.get()).as("switches over all runs").isPositive();
  }

  /** Mirror mode: the invariant holds for the producer and for every destination apart. */
  @Test
  void mirroringKeepsEveryRecordInExactlyOneOutcomePerDestination() {
    repeat(40, seed -> mixed(seed, "mirror").with(2, DestinationMode.MIRROR));
  }

  private static Scenario mixed(long seed, String name) {
    SplittableRandom r = new SplittableRandom(seed);
    OverflowPolicy policy = OverflowPolicy.values()[r.nextInt(3)];
    boolean spool = r.nextInt(4) == 0;
    return new Scenario(name, policy, (8 + r.nextInt(56)) * (long) RECORD_BYTES,
        Duration.ofMillis(r.nextInt(50)), new ChaosTransport.Odds(r.nextInt(20), r.nextInt(10),
            r.nextInt(60), r.nextInt(5), 5 + r.nextInt(20)),
        2 + r.nextInt(3), 50 + r.nextInt(300), true, spool, 0,
        Duration.ofMillis(r.nextInt(60)));
  }

  private interface ScenarioMaker {
    Scenario make(long seed);
  }

  private void repeat(int runs, ScenarioMaker maker) {
    long base = Long.getLong("stress.seed", System.nanoTime());
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      long seed = base + i;
      Scenario s = maker.make(seed);
      run(s, seed, i);
    }
    Scenario first = maker.make(base);
    System.out.printf("%s: %d runs in %d ms (base seed %d)%s%n", first.name(), runs,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), base,
        first.destinations() > 1 ? ", " + switches.get() + " destination switches" : "");
  }

  private void run(Scenario s, long seed, int index) {
    SplittableRandom random = new SplittableRandom(seed);
    TributaryConfig.Builder b = TributaryConfig.builder("kafka://127.0.0.1:9")
        .clientId("stress")
        .diagnostics(Diagnostics.none()).jmxEnabled(false).micrometerEnabled(false)
        .bufferBytes(s.bufferBytes()).maxRecordBytes(RECORD_BYTES)
        .overflowPolicy(s.policy()).maxBlockTime(s.maxBlock())
        .linger(Duration.ofMillis(random.nextInt(2)))
        .batchMaxRecords(1 + random.nextInt(8))
        .maxInFlightBatches(1 + random.nextInt(4))
        .retryBackoff(Duration.ofMillis(1)).retryBackoffMax(Duration.ofMillis(4))
        .deliveryTimeout(Duration.ofMillis(100 + random.nextInt(400)));
    if (s.destinations() > 1) {
      for (int d = 1; d < s.destinations(); d++) {
        b.standby("kafka://127.0.0.1:" + (9 + d));
      }
      b.destinationMode(s.mode()).failoverAfter(Duration.ofMillis(5 + random.nextInt(40)))
          .failbackAfter(Duration.ofMillis(5 + random.nextInt(80)));
    }
    Spool.ChannelOpener files = Spool.ChannelOpener.DEFAULT;
    if (s.spool()) {
      b.spoolDir(tmp.resolve("spool-" + index)).spoolSyncInterval(TributaryConfig.SPOOL_SYNC_NEVER);
      int stall = s.diskStallMicros();
      AtomicBoolean never = new AtomicBoolean();
      files = (path, options) -> new FullDiskChannel(FileChannel.open(path, options), never,
          () -> {
            if (stall > 0) {
              LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(stall));
            }
          });
    }
    // One chaos per destination; failover retires a transport and asks for a fresh one.
    List<Supplier<Transport>> transports = new ArrayList<>();
    AtomicLong made = new AtomicLong();
    for (int d = 0; d < s.destinations(); d++) {
      transports.add(() -> new ChaosTransport(seed + 7919 * made.getAndIncrement(), s.odds()));
    }
    Pipeline p = new Pipeline(b.build(), transports, Clock.SYSTEM, new SplittableRandom(seed),
        true, files);

    AtomicLong started = new AtomicLong();
    AtomicLong done = new AtomicLong();
    ConcurrentLinkedQueue<CompletableFuture<RecordMetadata>> futures =
        new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < s.threads(); t++) {
      long threadSeed = random.nextLong();
      callers.add(new Thread(() -> offerLoop(p, s, threadSeed, started, done, futures),
          "stress-caller-" + t));
    }
    Thread flusher = s.flushes() ? new Thread(() -> flushLoop(p, seed), "stress-flusher") : null;
    callers.forEach(Thread::start);
    if (flusher != null) {
      flusher.start();
    }
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(20_000)));

    long lowBound = done.get();
    DeliveryReport report = p.close(s.closeTimeout());
    long highBound = started.get();
    for (Thread t : callers) {
      join(t);
    }
    if (flusher != null) {
      join(flusher);
    }
    String where = s + " run " + index + " (seed " + seed + ", -Dstress.seed=" + seed
        + " repeats it as run 0)";
    long offered = done.get();
    long stranded = awaitAll(futures);
    assertThat(stranded).as("%s: futures never completed of %d offered; report %s", where,
        offered, report).isZero();

    long inReport = report.sent() + report.failed() + report.dropped() + report.pending()
        + report.spooled();
    assertThat(inReport).as("%s: records in the close report %s, offered between %d and %d",
        where, report, lowBound, highBound).isBetween(lowBound, highBound);

    switches.addAndGet(p.metrics().destinationSwitches());
    ProducerMetricsView m = new ProducerMetricsView(p);
    assertThat(awaitZeroBytes(p)).as("%s: buffer bytes still reserved after close; %s", where,
        m).isZero();
    assertThat(m.sent + m.failed + m.dropped + m.pending)
        .as("%s: offered %d, metrics %s", where, offered, m).isEqualTo(offered);
    if (s.mode() == DestinationMode.MIRROR && s.destinations() > 1) {
      for (DestinationReport d : report.destinations()) {
        assertThat(d.sent() + d.failed() + d.dropped() + d.pending() + d.spooled())
            .as("%s: destination %s in the close report %s, offered between %d and %d", where,
                d.name(), report, lowBound, highBound).isBetween(lowBound, highBound);
      }
      for (DestinationMetrics d : p.metrics().destinations()) {
        assertThat(d.sent() + d.failed() + d.dropped() + d.pendingRecords())
            .as("%s: destination %s, offered %d", where, d, offered).isEqualTo(offered);
      }
    }
  }

  /** The counters read together, once everything settled. */
  private static final class ProducerMetricsView {
    final long sent;
    final long failed;
    final long dropped;
    final long pending;

    ProducerMetricsView(Pipeline p) {
      sent = p.metrics().sent();
      failed = p.metrics().failed();
      dropped = p.metrics().dropped();
      pending = p.metrics().pendingRecords();
    }

    @Override
    public String toString() {
      return "sent=" + sent + ", failed=" + failed + ", dropped=" + dropped + ", pending="
          + pending;
    }
  }

  private static void offerLoop(Pipeline p, Scenario s, long seed, AtomicLong started,
      AtomicLong done, ConcurrentLinkedQueue<CompletableFuture<RecordMetadata>> futures) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < s.perThread(); i++) {
      TributaryRecord record = TributaryRecord.of("t", new byte[RECORD_BYTES - 64 - 1]);
      started.incrementAndGet();
      int way = r.nextInt(3);
      if (way == 0) {
        p.offer(record);
      } else if (way == 1) {
        // Built only on room, of a size that varies (now and then too large), and now and
        // then failing to build: that is no record offered.
        int size = 1 + r.nextInt(RECORD_BYTES + RECORD_BYTES / 8);
        boolean breaks = r.nextInt(16) == 0;
        try {
          p.offer(size, n -> {
            if (breaks) {
              throw new IllegalStateException("encoder broke");
            }
            return TributaryRecord.of("t", new byte[n]);
          });
        } catch (IllegalStateException broken) {
          started.decrementAndGet();
          continue;
        }
      } else {
        try {
          futures.add(p.send(record));
        } catch (IllegalStateException closed) {
          // send after close is refused outright: no record was offered
          started.decrementAndGet();
          return;
        }
      }
      done.incrementAndGet();
      if (s.offerPauseNanos() > 0) {
        LockSupport.parkNanos(s.offerPauseNanos());
      } else if (r.nextInt(8) == 0) {
        LockSupport.parkNanos(r.nextInt(50_000));
      }
    }
  }

  private static void flushLoop(Pipeline p, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    while (!p.isClosing()) {
      p.flush(Duration.ofMillis(r.nextInt(5)));
      LockSupport.parkNanos(r.nextInt(1_000_000));
    }
  }

  private static void join(Thread t) {
    try {
      t.join(TimeUnit.NANOSECONDS.toMillis(SETTLE_NANOS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(t.isAlive()).as("%s still running long after close", t.getName()).isFalse();
  }

  /** How many futures did not complete within the settle bound. */
  private static long awaitAll(ConcurrentLinkedQueue<CompletableFuture<RecordMetadata>> all) {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    long open;
    do {
      open = all.stream().filter(f -> !f.isDone()).count();
      if (open == 0) {
        return 0;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    } while (System.nanoTime() < deadline);
    return open;
  }

  /** Bytes still reserved once everything settled, in every destination's buffer. */
  private static long awaitZeroBytes(Pipeline p) {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    while (reserved(p) != 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return reserved(p);
  }

  private static long reserved(Pipeline p) {
    return p.lanes().stream().mapToLong(lane -> lane.metrics.bufferedBytes()).sum();
  }
}
