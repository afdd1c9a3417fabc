package dev.tributary.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration reloads while four threads log: the producer (and what it buffers) survives
 * each reload, no second producer is opened, and every event arrives exactly once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReconfigureIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static final int THREADS = 4;
  private static final int PER_THREAD = 20_000;
  private static final int RELOADS = 5;

  @Test
  void reloadsWhileLoggingKeepEveryEventAndOneProducer(@TempDir Path dir) throws Exception {
    KAFKA.kafka().createTopic("reload", 3);
    Path file = dir.resolve("log4j2.xml");
    writeConfig(file, 0);
    int openedBefore = TributaryManager.PRODUCERS_OPENED.get();
    LoggerContext ctx = new LoggerContext("reload", null, file.toUri());
    ctx.start();
    TributaryManager manager = TestLogging.appender(ctx, "KAFKA").manager();

    AtomicInteger logged = new AtomicInteger();
    CountDownLatch reloadsDone = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Logger log = ctx.getLogger("app.t" + t);
      int id = t;
      workers.add(new Thread(() -> {
        for (int i = 0; i < PER_THREAD; i++) {
          if (i == PER_THREAD - 1) {
            awaitQuietly(reloadsDone); // the last event comes after the last reload
          }
          log.info("t{} event {}", id, i);
          logged.incrementAndGet();
          // Spread the events over the reloads instead of finishing before the first.
          LockSupport.parkNanos(20_000);
        }
      }, "logger-" + t));
    }
    workers.forEach(Thread::start);
    // Reloads happen while logging, whatever the machine's speed: reload r waits until r
    // shares of the events were logged, and each thread's last event waits for the last
    // reload.
    int loggedAtLastReload = 0;
    try {
      for (int r = 1; r <= RELOADS; r++) {
        int share = r * THREADS * PER_THREAD / (RELOADS + 1);
        Waits.until(share + " events logged", Duration.ofSeconds(90),
            () -> logged.get() >= share);
        writeConfig(file, r);
        ctx.reconfigure();
        loggedAtLastReload = logged.get();
        assertThat(TestLogging.appender(ctx, "KAFKA").manager()).isSameAs(manager);
        assertThat(ctx.getConfiguration().getLoggerConfig("noise." + r).getName())
            .as("reload %d applied", r).isEqualTo("noise." + r);
      }
    } finally {
      reloadsDone.countDown();
    }
    for (Thread w : workers) {
      w.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(w.isAlive()).isFalse();
    }
    System.out.printf("%d reloads; %d of %d events logged by the last one%n", RELOADS,
        loggedAtLastReload, THREADS * PER_THREAD);
    assertThat(TributaryManager.PRODUCERS_OPENED.get() - openedBefore).isEqualTo(1);
    assertThat(KafkaIt.producerBeans("log4j2-KAFKA")).hasSize(1);

    ctx.stop(60, TimeUnit.SECONDS);
    assertThat(KafkaIt.producerBeans("log4j2-KAFKA")).isEmpty();
    List<ConsumerRecord<byte[], byte[]>> got = KafkaIt.consume(KAFKA.kafka(), "reload",
        THREADS * PER_THREAD, Duration.ofSeconds(90));
    Set<Object> messages = new HashSet<>();
    got.forEach(rec -> messages.add(KafkaIt.json(rec).get("message")));
    assertThat(got).hasSize(THREADS * PER_THREAD);
    assertThat(messages).hasSize(THREADS * PER_THREAD);
  }

  /** The same appender each time; reload {@code n} adds logger {@code noise.n}. */
  private static void writeConfig(Path file, int n) throws Exception {
    String xml = "<Configuration status=\"warn\">\n"
        + "  <Appenders>\n"
        + "    <Tributary name=\"KAFKA\" destination=\"" + KafkaIt.destination(KAFKA.kafka())
        + "\" topic=\"reload\"/>\n"
        + "  </Appenders>\n"
        + "  <Loggers>\n"
        + "    <Logger name=\"noise." + n + "\" level=\"warn\"/>\n"
        + "    <Root level=\"info\"><AppenderRef ref=\"KAFKA\"/></Root>\n"
        + "  </Loggers>\n"
        + "</Configuration>\n";
    Files.writeString(file, xml, StandardCharsets.UTF_8);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
