package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without {@code debug="true"}, Logback shows no status once configured; the appender's drop
 * warnings then reach stderr by themselves, rate-limited and naming the appender. Where Logback
 * prints status (a console status listener), or with {@code consoleWarnings} off, they do not.
 */
class ConsoleWarningsTest {
  private static final String OVERFLOWING = "    <bufferSize>4KB</bufferSize>\n"
      + "    <maxRecordSize>1KB</maxRecordSize>\n"
      + "    <closeTimeout>100 milliseconds</closeTimeout>\n";

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @BeforeEach
  void captureStderr() {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(savedErr);
  }

  private List<String> ours() {
    return err.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains(" Tributary appender 'KAFKA': ")).toList();
  }

  private static void overflow(LoggerContext ctx) {
    Logger log = ctx.getLogger("com.acme.App");
    for (int i = 0; i < 150; i++) {
      log.info("event {}", i);
    }
  }

  @Test
  void dropsReachStderrByDefaultRateLimitedAndNamingTheAppenderAndDestination() {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://hang-console", "t", "INFO", OVERFLOWING));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    overflow(ctx);
    ctx.stop();

    assertThat(appender.metrics().dropped()).isGreaterThan(100);
    List<String> drops = ours().stream().filter(l -> l.contains("Dropped")).toList();
    assertThat(drops).hasSize(3); // the 1st, 20th and 100th
    assertThat(drops.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN Tributary appender "
        + "'KAFKA': Dropped 1 record\\(s\\) for capture://hang-console so far because the buffer "
        + "of 4096 bytes was full.*");
    // The stop could not deliver what the hanging destination held: said once, with why.
    assertThat(ours()).filteredOn(l -> l.contains("not delivered to capture://hang-console"))
        .hasSize(1);
  }

  @Test
  void whereLogbackPrintsStatusNothingIsPrintedTwice() {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://hang-console-debug", "t", "INFO", OVERFLOWING)
        .replace("<configuration>", "<configuration>\n  <statusListener "
            + "class=\"ch.qos.logback.core.status.OnConsoleStatusListener\"/>"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    overflow(ctx);
    ctx.stop();
    assertThat(appender.metrics().dropped()).isGreaterThan(100);
    assertThat(ours()).isEmpty();
  }

  @Test
  void consoleWarningsOffLeavesThemToTheStatusManager() {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://hang-console-off", "t", "INFO",
        OVERFLOWING + "    <consoleWarnings>false</consoleWarnings>\n"));
    overflow(ctx);
    ctx.stop();
    assertThat(LogbackTesting.statuses(ctx, ch.qos.logback.core.status.Status.WARN))
        .anyMatch(m -> m.contains("Dropped 1 record(s)"));
    assertThat(ours()).isEmpty();
  }

  @Test
  void aBadSettingAtStartIsLeftToLogbacksOwnReport() {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "kafka://127.0.0.1:9", "t", "INFO",
        "    <producerProperty>compresion.type=zstd</producerProperty>\n"));
    assertThat(LogbackTesting.appender(ctx).isStarted()).isFalse();
    assertThat(LogbackTesting.statuses(ctx, ch.qos.logback.core.status.Status.ERROR))
        .singleElement().asString().contains("producerProperty.compresion.type",
            "did you mean 'compression.type'");
    assertThat(ours()).isEmpty();
    ctx.stop();
  }
}
