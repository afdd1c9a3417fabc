package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.TributaryConfig;
import dev.tributary.internal.appender.AppenderDiagnostics;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.RecordingDiagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Warnings and errors reach stderr exactly when the framework would not show them, once, on
 * one short line naming the appender, never with a secret; info never does.
 */
class ConsoleWarningsTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
  private final List<String> status = new CopyOnWriteArrayList<>();
  private volatile boolean frameworkShows;

  private AppenderDiagnostics appender() {
    return new AppenderDiagnostics(() -> "KAFKA",
        (severity, message, cause) -> status.add(severity + " " + message),
        error -> frameworkShows);
  }

  private List<String> printed() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void warningsAndErrorsTheFrameworkHidesArePrintedOnceOnOneLine() {
    ConsoleWarnings d = new ConsoleWarnings(appender(), () -> stream);
    d.info("Shipping to topic 'app-logs'");
    d.warn("Dropped 1 record(s)\nso far", null);
    d.error("Cannot create the Kafka producer", new IllegalStateException("bad key store"));

    assertThat(status).hasSize(3);
    assertThat(printed()).hasSize(2);
    assertThat(printed().get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN Tributary appender "
        + "'KAFKA': Dropped 1 record\\(s\\) so far");
    assertThat(printed().get(1)).endsWith("ERROR Tributary appender 'KAFKA': Cannot create the "
        + "Kafka producer (java.lang.IllegalStateException: bad key store)");
  }

  @Test
  void whatTheFrameworkShowsIsNotPrintedAgain() {
    frameworkShows = true;
    ConsoleWarnings d = new ConsoleWarnings(appender(), () -> stream);
    d.warn("Dropped 1 record(s)", null);
    assertThat(status).hasSize(1);
    assertThat(printed()).isEmpty();
  }

  @Test
  void onlyDiagnosticsThatKnowTheirVisibilityAreWrappedAndOnlyWhenEnabled() {
    AppenderDiagnostics a = appender();
    assertThat(ConsoleWarnings.wrap(a, true)).isInstanceOf(ConsoleWarnings.class);
    assertThat(ConsoleWarnings.wrap(a, false)).isSameAs(a);
    assertThat(ConsoleWarnings.wrap(ConsoleWarnings.wrap(a, true), false)).isSameAs(a);
    assertThat(ConsoleWarnings.wrap(Diagnostics.slf4j(), true))
        .isInstanceOf(ConsoleWarnings.class);
    assertThat(ConsoleWarnings.wrap(Diagnostics.none(), true)).isSameAs(Diagnostics.none());
    RecordingDiagnostics own = new RecordingDiagnostics();
    assertThat(ConsoleWarnings.wrap(own, true)).isSameAs(own);
  }

  @Test
  void aConfigsDiagnosticsPrintNoSecretAndItsBuilderGetsBackWhatWasGiven() {
    String password = "s3cr3t-pa55word";
    AppenderDiagnostics a = appender();
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9092")
        .diagnostics(a)
        .producerProperty("security.protocol", "SASL_PLAINTEXT")
        .producerProperty("sasl.mechanism", "PLAIN")
        .producerProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain."
            + "PlainLoginModule required username=\"app\" password=\"" + password + "\";")
        .build();
    PrintStream saved = System.err;
    System.setErr(stream);
    try {
      config.diagnostics().warn("Kafka said " + password, new IllegalStateException(password));
    } finally {
      System.setErr(saved);
    }
    assertThat(printed()).singleElement().asString().contains("Kafka said <redacted>")
        .doesNotContain(password);
    assertThat(status).singleElement().asString().doesNotContain(password);
    assertThat(config.toBuilder().consoleWarnings(false).build().diagnostics())
        .isNotInstanceOf(ConsoleWarnings.class);
    assertThat(ConsoleWarnings.unwrap(
        dev.tributary.internal.redact.RedactingDiagnostics.unwrap(config.diagnostics())))
        .isSameAs(a);
  }

  @Test
  void aMirrorDestinationsLinesReachStderrNamingItAndNoStandbyCopyHidesThem() {
    AppenderDiagnostics a = appender();
    TributaryConfig config = TributaryConfig.builder("kafka://127.0.0.1:9092")
        .diagnostics(a).standby("kafka://127.0.0.1:9093")
        .destinationMode(dev.tributary.DestinationMode.MIRROR).build();
    PrintStream saved = System.err;
    System.setErr(stream);
    try {
      for (TributaryConfig each : config.destinationConfigs()) {
        each.diagnostics().warn("Dropped 1 record(s)", null);
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(printed()).hasSize(2);
    assertThat(printed().get(0)).endsWith("WARN Tributary appender 'KAFKA': Mirror destination "
        + "primary: Dropped 1 record(s)");
    assertThat(printed().get(1)).endsWith("WARN Tributary appender 'KAFKA': Mirror destination "
        + "standby-1: Dropped 1 record(s)");
    TributaryConfig standby = config.destinationConfigs().get(1);
    assertThat(ConsoleWarnings.unwrap(dev.tributary.internal.redact.RedactingDiagnostics.unwrap(
        standby.toBuilder().build().diagnostics()))).isSameAs(a);
  }
}
