package dev.tributary.internal;

import static dev.tributary.internal.ScriptedTransport.Kind.HANG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Records a proxy accepted without Kafka's confirmation (kafka-pixy's async mode) complete, but
 * are counted apart from records Kafka acknowledged, in the metrics and in the report.
 */
class UnconfirmedRecordsTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void acceptedRecordsCompleteAndAreReportedAsUnconfirmedNotSent() {
    ScriptedTransport t = new ScriptedTransport(clock).otherwise(HANG);
    Pipeline p = new Pipeline(TributaryConfig.builder("kafka://127.0.0.1:9").jmxEnabled(false)
        .linger(Duration.ZERO).build(), t, clock, new SplittableRandom(1), false);
    CompletableFuture<RecordMetadata> accepted = p.send(record("a"));
    p.offer(record("b"));
    p.offer(record("c"));
    p.sender().runOnce();
    ScriptedTransport.Sent sent = t.sent.get(0);
    sent.callback().accepted(0, new RecordMetadata("t", -1, -1));
    sent.callback().accepted(1, new RecordMetadata("t", -1, -1));
    sent.callback().succeeded(2, new RecordMetadata("t", 0, 7));
    sent.callback().succeeded(0, new RecordMetadata("t", 0, 8)); // a second report is ignored

    assertThat(accepted).isCompletedWithValue(new RecordMetadata("t", -1, -1));
    assertThat(p.metrics().unconfirmed()).isEqualTo(2);
    assertThat(p.metrics().sent()).isEqualTo(1);
    assertThat(p.metrics().pendingRecords()).isZero();
    DeliveryReport report = p.flush(Duration.ZERO);
    assertThat(report.unconfirmed()).isEqualTo(2);
    assertThat(report.sent()).isEqualTo(1);
    assertThat(report.complete()).isTrue();
    assertThat(report.toString()).contains("unconfirmed=2 (accepted by the proxy, not confirmed "
        + "by Kafka)");
    assertThat(p.close(Duration.ZERO).unconfirmed()).isEqualTo(2);
  }

  @Test
  void aReportWithoutUnconfirmedRecordsReadsAsBefore() {
    assertThat(new DeliveryReport(5, 0, 0, 0, 0, true).toString())
        .isEqualTo("sent=5, failed=0, dropped=0, pending=0, spooled=0");
  }

  private static TributaryRecord record(String v) {
    return TributaryRecord.of("t", v.getBytes(StandardCharsets.UTF_8));
  }
}
