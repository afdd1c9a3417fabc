package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.DropReason;
import dev.tributary.ProducerMetrics;
import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.NeverWaits;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * All loggers asynchronous (the failsafe run sets AsyncLoggerContextSelector, a 128-slot ring
 * buffer and {@link CountingQueueFullPolicy}), Kafka down, the ring buffer full: the failure of
 * apache/logging-log4j2 #2893 was a deadlock here. The appender's consumer thread must never
 * wait on Kafka, so callers wait only for Log4j2's own queue, briefly, and every event is
 * either buffered or counted as dropped.
 *
 * <p>Every wait that could hold the consumer thread costs an hour here ({@link NeverWaits}), so
 * a consumer that waited would hold every caller for an hour: the callers' bounded join tells
 * that from a busy machine without timing single calls.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AsyncLoggersBrokerDownIT {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 50_000;

  @Test
  void aFullRingBufferWithKafkaDownNeitherDeadlocksNorStallsCallers() throws Exception {
    System.setProperty("test.destination", "kafka://127.0.0.1:" + InProcessKafka.freePort());
    System.setProperty("test.networkWait", NeverWaits.NETWORK_WAIT.toString());
    System.setProperty("test.networkWaitMs", NeverWaits.networkWaitMillis());
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    // Only the failsafe execution "async-loggers" starts the JVM with the selector; a run that
    // names tests with -Dit.test reaches this class from the default execution too.
    assumeTrue(ctx instanceof AsyncLoggerContext, "needs -Dlog4j2.contextSelector="
        + "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
    ctx.setConfigLocation(new URI(getClass().getResource("/kafka-async-down.xml").toString()));
    TributaryAppender appender = TestLogging.appender(ctx, "KAFKA");

    AtomicLong slowest = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long[][] calls = new long[THREADS][PER_THREAD];
    for (int t = 0; t < THREADS; t++) {
      Logger log = LogManager.getLogger("app.t" + t);
      long[] mine = calls[t];
      threads.add(new Thread(() -> {
        for (int i = 0; i < PER_THREAD; i++) {
          long s = System.nanoTime();
          log.info("async event {} with a little more text to make it ~200 bytes long, "
              + "padded padded padded padded padded padded padded padded padded", i);
          mine[i] = System.nanoTime() - s;
        }
      }, "app-" + t));
      threads.get(t).setDaemon(true); // a stalled caller must not outlive a failed run
    }
    long t0 = System.nanoTime();
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(t.isAlive()).as("%s deadlocked or stalled at %s", t.getName(),
          Arrays.toString(t.getStackTrace())).isFalse();
    }
    long elapsed = System.nanoTime() - t0;
    long[] all = Arrays.stream(calls).flatMapToLong(Arrays::stream).sorted().toArray();
    slowest.set(all[all.length - 1]);

    // Wait (bounded) for the ring buffer to drain into the appender, then account for all.
    ProducerMetrics m = appender.producerMetrics();
    long total = (long) THREADS * PER_THREAD;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (m.appended() + m.dropped(DropReason.BUFFER_FULL) < total
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    System.out.printf("async, Kafka down: %d events in %d ms; ring buffer full %d times; "
        + "calls p50 %.2f us, p99 %.2f us, p99.99 %.1f us, max %.2f ms; appended %d, dropped %d; "
        + "internal events dropped %d%n", total, elapsed / 1_000_000,
        CountingQueueFullPolicy.FULL.sum(), all[all.length / 2] / 1e3,
        all[(int) (all.length * 0.99)] / 1e3, all[(int) (all.length * 0.9999)] / 1e3,
        slowest.get() / 1e6, m.appended(), m.dropped(), appender.internalEventsDropped());
    assertThat(CountingQueueFullPolicy.FULL.sum()).as("the ring buffer was full").isPositive();
    assertThat(m.dropped(DropReason.BUFFER_FULL)).as("the appender dropped, not waited")
        .isPositive();
    assertThat(m.appended() + m.dropped(DropReason.BUFFER_FULL)).isEqualTo(total);
    assertThat(m.sent()).isZero();
    // Callers only ever wait for a ring-buffer slot, which the consumer frees in microseconds:
    // the slowest call is printed above for the record; that none waited on Kafka is proven by
    // the joins, as every such wait would have taken an hour.

    TestLogging.StatusCapture status = new TestLogging.StatusCapture();
    try {
      long s = System.nanoTime();
      NeverWaits.run("stop(3 s) of the async context with Kafka down",
          () -> ctx.stop(3, TimeUnit.SECONDS));
      long stopMs = (System.nanoTime() - s) / 1_000_000;
      System.out.println("stop(3 s) of the async context with Kafka down took " + stopMs + " ms");
      // closeTimeout is 10 s: the deadline it gave up at is the 3 s it was given.
      assertThat(status.messages()).anySatisfy(msg -> assertThat(msg)
          .contains("records undelivered", "after PT3S"));
    } finally {
      status.detach();
    }
  }
}
