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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads that change the producer's settings while threads log, with a spool directory: each
 * new producer takes the spool over from the one it replaces (which still holds it while the
 * new configuration starts), shipping never stops, and every event arrives.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReloadSpoolIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.brokers(1);
  private static final int THREADS = 2;
  private static final int RELOADS = 3;

  @Test
  void reloadsThatChangeSettingsHandTheSpoolOverAndLoseNothing(@TempDir Path dir)
      throws Exception {
    KAFKA.kafka().createTopic("reload-spool", 2);
    Path spool = dir.resolve("spool");
    Path file = dir.resolve("log4j2.xml");
    writeConfig(file, spool, 0);
    List<String> problems = new ArrayList<>();
    StatusListener listener = new StatusListener() {
      @Override
      public void log(StatusData data) {
        if (data.getLevel().isMoreSpecificThan(Level.WARN)) {
          problems.add(data.getFormattedStatus());
        }
      }

      @Override
      public Level getStatusLevel() {
        return Level.WARN;
      }

      @Override
      public void close() {}
    };
    StatusLogger.getLogger().registerListener(listener);
    int openedBefore = TributaryManager.PRODUCERS_OPENED.get();
    LoggerContext ctx = new LoggerContext("reload-spool", null, file.toUri());
    ctx.start();
    AtomicInteger logged = new AtomicInteger();
    try {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Logger log = ctx.getLogger("app.t" + t);
        int id = t;
        workers.add(new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            log.info("t{} event {}", id, i);
            logged.incrementAndGet();
            LockSupport.parkNanos(50_000);
          }
        }, "logger-" + t));
      }
      workers.forEach(Thread::start);
      // Each reload comes after events logged since the previous one, however slowly the
      // loggers run on a busy machine: a count to wait for, not a pause.
      int loggedBeforeFirstReload = 0;
      int loggedAtLastReload = 0;
      for (int r = 1; r <= RELOADS; r++) {
        int since = loggedAtLastReload;
        Waits.until("events logged before reload " + r, Duration.ofSeconds(60),
            () -> logged.get() >= since + 1000);
        if (r == 1) {
          loggedBeforeFirstReload = logged.get();
        }
        writeConfig(file, spool, r);
        ctx.reconfigure();
        loggedAtLastReload = logged.get();
      }
      // Keep logging after the last reload: shipping must go on through the last producer.
      int last = loggedAtLastReload;
      Waits.until("events logged after the last reload", Duration.ofSeconds(60),
          () -> logged.get() >= last + 2000);
      stop.set(true);
      for (Thread w : workers) {
        w.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(w.isAlive()).isFalse();
      }
      assertThat(loggedBeforeFirstReload).as("logging began before the reloads").isPositive();
      assertThat(TributaryManager.PRODUCERS_OPENED.get() - openedBefore)
          .as("each reload changed the settings, so each opened a producer")
          .isEqualTo(RELOADS + 1);
    } finally {
      ctx.stop(60, TimeUnit.SECONDS);
      StatusLogger.getLogger().removeListener(listener);
    }
    assertThat(problems).as("status warnings and errors").isEmpty();
    int total = logged.get();
    List<ConsumerRecord<byte[], byte[]>> got = KafkaIt.consume(KAFKA.kafka(), "reload-spool",
        total, Duration.ofSeconds(90));
    Set<Object> messages = new HashSet<>();
    got.forEach(rec -> messages.add(KafkaIt.json(rec).get("message")));
    System.out.printf("%d reloads with a spool: %d events arrived (%d unique of %d logged)%n",
        RELOADS, got.size(), messages.size(), total);
    assertThat(messages).hasSize(total);
  }

  /** Reload {@code n} changes the linger, so the producer settings differ each time. */
  private static void writeConfig(Path file, Path spool, int n) throws Exception {
    String xml = "<Configuration status=\"warn\">\n"
        + "  <Appenders>\n"
        + "    <Tributary name=\"KAFKA\" destination=\"" + KafkaIt.destination(KAFKA.kafka())
        + "\" topic=\"reload-spool\" spoolDir=\"" + spool + "\" linger=\"" + (5 + n)
        + "ms\"/>\n"
        + "  </Appenders>\n"
        + "  <Loggers>\n"
        + "    <Root level=\"info\"><AppenderRef ref=\"KAFKA\"/></Root>\n"
        + "  </Loggers>\n"
        + "</Configuration>\n";
    Files.writeString(file, xml, StandardCharsets.UTF_8);
  }
}
