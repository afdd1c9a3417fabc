package dev.tributary.log4j2;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service configured by the README's {@code log4j2.xml}, run in a child JVM: it logs 1,000
 * lines and returns from {@code main}. Log4j2's own shutdown hook stops the appender and every
 * line reaches Kafka; with that hook off, the appender's closes the producer instead; with
 * Kafka down and no {@code status="warn"}, the JVM exits within {@code closeTimeout} and stderr
 * says what was lost; a misspelt producer property keeps the appender out, named.
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

  private static String readme(String bootstrap, String topic) {
    String xml = ReadmeQuickStart.file("log4j2.xml", bootstrap);
    String own = xml.replace("topic=\"app-logs\"", "topic=\"" + topic + "\"");
    assertThat(own).as("the quick start ships to app-logs").isNotEqualTo(xml);
    return own;
  }

  private JavaChild run(String xml, String... args) throws IOException {
    Path file = Files.writeString(dir.resolve("log4j2.xml"), xml);
    return JavaChild.start(LoggingChild.class,
        List.of("-Dlog4j2.configurationFile=" + file), args);
  }

  private static String quiet(JavaChild child) {
    return child.output().lines().filter(l -> !l.contains(" placed"))
        .collect(Collectors.joining("\n"));
  }

  private static List<String> appenderLines(JavaChild child) {
    return child.stderr().stream().filter(l -> l.contains("Tributary appender 'KAFKA'"))
        .toList();
  }

  @Test
  void theReadmeQuickStartShipsEveryLineLoggedBeforeMainReturns() throws Exception {
    KAFKA.kafka().createTopic("log4j2-quick-start", 1);
    try (JavaChild child = run(readme(KAFKA.bootstrapServers(), "log4j2-quick-start"),
        String.valueOf(LINES))) {
      assertThat(child.awaitExit(HANG)).as(quiet(child)).isZero();
      assertThat(KAFKA.kafka().consumeAll("log4j2-quick-start", LINES, Duration.ofSeconds(60)))
          .hasSize(LINES);
      assertThat(child.output()).doesNotContain("intercepted and are now being replayed");
      assertThat(appenderLines(child)).as(quiet(child)).isEmpty();
    }
  }

  @Test
  void withLog4j2sShutdownHookOffTheAppenderClosesTheProducerAtExit() throws Exception {
    KAFKA.kafka().createTopic("log4j2-no-hook", 1);
    String xml = readme(KAFKA.bootstrapServers(), "log4j2-no-hook")
        .replace("<Configuration status=\"warn\">",
            "<Configuration status=\"warn\" shutdownHook=\"disable\">");
    assertThat(xml).contains("shutdownHook=\"disable\"");
    try (JavaChild child = run(xml, String.valueOf(LINES))) {
      assertThat(child.awaitExit(HANG)).as(quiet(child)).isZero();
      assertThat(KAFKA.kafka().consumeAll("log4j2-no-hook", LINES, Duration.ofSeconds(60)))
          .hasSize(LINES);
    }
  }

  @Test
  void withKafkaDownTheJvmExitsWithinCloseTimeoutAndStderrSaysWhatWasLost() throws Exception {
    int nothingListens = InProcessKafka.freePort();
    String xml = readme("127.0.0.1:" + nothingListens, "lost-logs")
        .replace(" status=\"warn\"", "")
        .replace("topic=\"lost-logs\"", "topic=\"lost-logs\" closeTimeout=\"3s\"");
    try (JavaChild child = run(xml, String.valueOf(LINES))) {
      child.awaitLine(l -> l.equals("logged " + LINES), HANG);
      long returned = System.nanoTime();
      assertThat(child.awaitExit(HANG)).isZero();
      long exitSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - returned);
      // closeTimeout (3 s) bounds the close; the margin covers stopping Log4j2, the Kafka
      // client and the JVM on a busy 2-core machine. It tells a close that keeps its deadline
      // from one that waits for Kafka (deliveryTimeout, 5 minutes).
      assertThat(exitSeconds).as(quiet(child)).isLessThan(3 + 20);
      assertThat(appenderLines(child)).as(quiet(child)).singleElement().asString()
          .contains("WARN Tributary appender 'KAFKA': Producer log4j2-KAFKA closed after PT3S "
              + "with " + LINES + " record(s) not delivered to kafka://127.0.0.1:"
              + nothingListens + " and lost")
          .contains("has accepted no record since the producer started", "latest error: ");
    }
  }

  @Test
  void aMisspeltProducerPropertyKeepsTheAppenderOutNamingItAndTheOneMeant() throws Exception {
    String xml = readme("127.0.0.1:" + InProcessKafka.freePort(), "typo-logs")
        .replace("topic=\"typo-logs\"/>", "topic=\"typo-logs\">\n"
            + "      <Property name=\"compresion.type\" value=\"zstd\"/>\n    </Tributary>");
    assertThat(xml).contains("compresion.type");
    try (JavaChild child = run(xml, "10")) {
      assertThat(child.awaitExit(HANG)).isZero();
      assertThat(child.output()).contains("Tributary appender 'KAFKA': not started: Invalid "
          + "value '<redacted>' for setting 'producerProperty.compresion.type': not a Kafka "
          + "producer property; did you mean 'compression.type'?");
    }
  }
}
