package dev.tributary.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.testkit.InProcessKafka;
import dev.tributary.testkit.JavaChild;
import dev.tributary.testkit.KafkaClusterExtension;
import dev.tributary.testkit.LoggingChild;
import dev.tributary.testkit.ReadmeQuickStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service configured by the README's {@code logback.xml}, run in a child JVM as a newcomer
 * runs one: Logback configures itself from the file on the first {@code getLogger}, the service
 * logs 1,000 lines and returns from {@code main} without stopping anything. Every line reaches
 * Kafka, with or without Logback's {@code <shutdownHook/>}; with Kafka down the JVM still exits
 * within {@code closeTimeout} and says on stderr what was lost; a misspelt producer property
 * stops the appender with a message naming it; and no start prints SLF4J's replay warning.
 */
class QuickStartExitIT {
  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.of(InProcessKafka.builder()
      .brokerConfig("auto.create.topics.enable", "false"));
  /** Catches a hang, never a slow machine: each run takes a few seconds. */
  private static final Duration HANG = Duration.ofSeconds(120);
  private static final int LINES = 1_000;

  @TempDir
  Path dir;

  /** The README's logback.xml for this test's broker and {@code topic}. */
  private static String readme(String bootstrap, String topic) {
    String xml = ReadmeQuickStart.file("logback.xml", bootstrap);
    String own = xml.replace("<topic>app-logs</topic>", "<topic>" + topic + "</topic>");
    assertThat(own).as("the quick start ships to app-logs").isNotEqualTo(xml);
    return own;
  }

  private JavaChild run(String xml, String... args) throws IOException {
    Path file = Files.writeString(dir.resolve("logback.xml"), xml);
    return JavaChild.start(LoggingChild.class,
        List.of("-Dlogback.configurationFile=" + file), args);
  }

  /** SLF4J's warning when loggers were used while Logback was still configuring itself. */
  private static void assertNoReplayWarning(JavaChild child) {
    assertThat(child.output()).doesNotContain("intercepted and are now being replayed")
        .doesNotContain("SLF4J(W): A number");
  }

  /** The child's output without its 1,000 "order n placed" lines, for failure messages. */
  private static String quiet(JavaChild child) {
    return child.output().lines().filter(l -> !l.contains(" placed"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static List<String> appenderLines(JavaChild child) {
    return child.stderr().stream().filter(l -> l.contains("Tributary appender 'KAFKA'"))
        .toList();
  }

  @Test
  void theReadmeQuickStartShipsEveryLineLoggedBeforeMainReturns() throws Exception {
    KAFKA.kafka().createTopic("quick-start", 1);
    try (JavaChild child = run(readme(KAFKA.bootstrapServers(), "quick-start"),
        String.valueOf(LINES))) {
      assertThat(child.awaitExit(HANG)).as(quiet(child)).isZero();
      assertThat(KAFKA.kafka().consumeAll("quick-start", LINES, Duration.ofSeconds(60)))
          .hasSize(LINES);
      assertNoReplayWarning(child);
      assertThat(appenderLines(child)).as(quiet(child)).isEmpty();
    }
  }

  @Test
  void withDefaultsAndNoShutdownHookEveryLineStillArrives() throws Exception {
    KAFKA.kafka().createTopic("defaults", 1);
    String xml = "<configuration>\n"
        + "  <appender name=\"KAFKA\" class=\"dev.tributary.logback.TributaryAppender\">\n"
        + "    <destination>kafka://" + KAFKA.bootstrapServers() + "</destination>\n"
        + "    <topic>defaults</topic>\n"
        + "  </appender>\n"
        + "  <root><appender-ref ref=\"KAFKA\"/></root>\n"
        + "</configuration>\n";
    try (JavaChild child = run(xml, String.valueOf(LINES))) {
      assertThat(child.awaitExit(HANG)).as(quiet(child)).isZero();
      assertThat(KAFKA.kafka().consumeAll("defaults", LINES, Duration.ofSeconds(60)))
          .hasSize(LINES);
      assertNoReplayWarning(child);
      assertThat(appenderLines(child)).as(quiet(child)).isEmpty();
    }
  }

  @Test
  void withKafkaDownTheJvmExitsWithinCloseTimeoutAndSaysWhatWasLostAndWhy() throws Exception {
    int nothingListens = InProcessKafka.freePort();
    String xml = readme("127.0.0.1:" + nothingListens, "lost-logs")
        .replace("<shutdownHook/>", "")
        .replace("<topic>lost-logs</topic>",
            "<topic>lost-logs</topic>\n    <closeTimeout>3 seconds</closeTimeout>");
    try (JavaChild child = run(xml, String.valueOf(LINES))) {
      child.awaitLine(l -> l.equals("logged " + LINES), HANG);
      long returned = System.nanoTime();
      assertThat(child.awaitExit(HANG)).isZero();
      long exitSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - returned);
      // closeTimeout (3 s) bounds the close; the margin covers stopping the Kafka client and
      // the JVM on a busy 2-core machine. What it tells apart is a close that waits for Kafka
      // (deliveryTimeout, 5 minutes) or hangs from one that keeps its deadline.
      assertThat(exitSeconds).as(quiet(child)).isLessThan(3 + 20);
      assertThat(appenderLines(child)).as(quiet(child)).singleElement().asString()
          .contains("WARN Tributary appender 'KAFKA': Producer logback-KAFKA closed after PT3S "
              + "with " + LINES + " record(s) not delivered to kafka://127.0.0.1:"
              + nothingListens + " and lost")
          .contains("has accepted no record since the producer started", "latest error: ");
      assertNoReplayWarning(child);
    }
  }

  @Test
  void aMisspeltProducerPropertyStopsTheAppenderNamingItAndTheOneMeant() throws Exception {
    String xml = readme("127.0.0.1:" + InProcessKafka.freePort(), "typo-logs")
        .replace("<topic>typo-logs</topic>",
            "<topic>typo-logs</topic>\n    <producerProperty>compresion.type=zstd"
                + "</producerProperty>");
    try (JavaChild child = run(xml, "10")) {
      assertThat(child.awaitExit(HANG)).isZero();
      assertThat(child.output()).contains("Tributary appender 'KAFKA': Not started: Invalid "
          + "value '<redacted>' for setting 'producerProperty.compresion.type': not a Kafka "
          + "producer property; did you mean 'compression.type'?");
    }
  }
}
