package dev.tributary.logback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.DeliveryReport;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryProducer;
import dev.tributary.TributaryRecord;
import dev.tributary.internal.MeterRegistration;
import dev.tributary.spi.Diagnostics;
import dev.tributary.testkit.CaptureTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * micrometer-core is an optional dependency of sdk-core, so it is not on this module's classpath:
 * the producer must load, deliver and close without it, and without a warning about it.
 */
class WithoutMicrometerTest {

  @Test
  void producerDeliversAndClosesWithoutMicrometerOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
        .isInstanceOf(ClassNotFoundException.class);
    List<String> warnings = new CopyOnWriteArrayList<>();
    TributaryConfig config = TributaryConfig.builder("capture://no-micrometer")
        .diagnostics(new RecordingDiagnostics(warnings))
        .build();
    assertThat(config.micrometerEnabled()).isTrue();

    TributaryProducer producer = TributaryProducer.create(config);
    assertThat(producer.offer(TributaryRecord.of("app-logs", "hello".getBytes(UTF_8)))).isTrue();
    DeliveryReport report = producer.close(Duration.ofSeconds(10));

    assertThat(report.sent()).isEqualTo(1);
    assertThat(CaptureTransportProvider.channel("no-micrometer")).hasSize(1);
    assertThat(warnings).isEmpty();
    assertThat(MeterRegistration.register("no-micrometer", producer.metrics(),
        new RecordingDiagnostics(warnings)).bound()).isFalse();
    assertThat(warnings).isEmpty();
  }

  private static final class RecordingDiagnostics implements Diagnostics {
    private final List<String> warnings;

    RecordingDiagnostics(List<String> warnings) {
      this.warnings = warnings;
    }

    @Override
    public void info(String message) {}

    @Override
    public void warn(String message, Throwable cause) {
      warnings.add(message + ": " + cause);
    }

    @Override
    public void error(String message, Throwable cause) {
      warnings.add(message + ": " + cause);
    }
  }
}
