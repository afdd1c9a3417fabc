package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.tributary.internal.appender.RateLimitedCounter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Behaviour 6: drops and retries become Logback status warnings on the 1st, 20th, 100th,
 * 1000th… occurrence only, never one per event.
 */
class RateLimitedStatusTest {
  /** Every message of the appender starts by naming it. */
  private static final String NAMED = "Tributary appender 'KAFKA': ";


  @Test
  void dropsAreWarnedAboutOnThe1st20th100thAnd1000thOnly() {
    // A destination that never answers and a buffer of a few records: almost every event drops.
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://hang-drops", "t", "INFO",
        "    <bufferSize>4KB</bufferSize>\n    <maxRecordSize>1KB</maxRecordSize>\n"
            + "    <closeTimeout>100 milliseconds</closeTimeout>\n"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    Logger log = ctx.getLogger("com.acme.App");

    for (int i = 0; i < 1_500; i++) {
      log.info("event {}", i);
    }

    long dropped = appender.metrics().dropped();
    assertThat(dropped).isBetween(1_000L, 1_500L);
    List<String> warnings = LogbackTesting.statuses(ctx, Status.WARN).stream()
        .filter(m -> m.startsWith(NAMED + "Dropped "))
        .map(m -> m.substring(NAMED.length())).collect(Collectors.toList());
    assertThat(warnings).extracting(m -> m.substring(0, m.indexOf(" record(s)")))
        .containsExactly("Dropped 1", "Dropped 20", "Dropped 100", "Dropped 1000");
    assertThat(warnings.get(0)).contains("buffer of 4096 bytes was full", "DROP_NEWEST");
    ctx.stop();
  }

  @Test
  void retriesAreReportedOnReportingPointsOnly() throws Exception {
    LoggerContext ctx = LogbackTesting.configure(LogbackTesting.appenderXml(
        "capture://fail-retries", "t", "INFO",
        "    <closeTimeout>100 milliseconds</closeTimeout>\n"));
    TributaryAppender appender = LogbackTesting.appender(ctx);
    for (int i = 0; i < 30; i++) {
      ctx.getLogger("com.acme.App").info("event {}", i);
    }
    // Each failed attempt retries every record of the batch; wait for a few rounds.
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (appender.metrics().retried() < 120 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long retried = appender.metrics().retried();
    assertThat(retried).isGreaterThanOrEqualTo(120);

    Pattern count = Pattern.compile("^" + Pattern.quote(NAMED)
        + "Retrying delivery to capture://fail-retries \\((\\d+) ");
    // Routine, so INFO; a destination that stays down gets its own warning.
    List<Long> reported = LogbackTesting.statuses(ctx, Status.INFO).stream()
        .map(count::matcher).filter(Matcher::find).map(m -> Long.parseLong(m.group(1)))
        .collect(Collectors.toList());
    assertThat(reported).startsWith(1L, 20L, 100L).allMatch(RateLimitedCounter::isReported);
    assertThat(reported.size()).isLessThanOrEqualTo(3 + (int) Math.log10(retried));
    ctx.stop();
  }
}
