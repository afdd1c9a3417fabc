package dev.tributary.internal;

import static dev.tributary.internal.ScriptedTransport.Kind.HANG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.RecordMetadata;
import dev.tributary.TributaryConfig;
import dev.tributary.TributaryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kafka-pixy transports send one request per record, and a 500 ms-flush kafka-pixy needs
 * thousands in flight. A batch maps to as many requests as it has records and stays in flight
 * until all are answered, so with the defaults (8 batches of up to 2,000 records) the sender
 * hands over up to 16,000 records at once: {@code maxInFlightBatches} does not cap the
 * transport's own limit. At a steady rate below that, batches grow to what arrived while the
 * oldest was in flight, so the requests in flight follow the rate times the proxy's latency.
 */
class PerRecordTransportCapacityTest {
  private final FakeClock clock = new FakeClock();
  private final ScriptedTransport transport = new ScriptedTransport(clock).otherwise(HANG);
  private final Pipeline pipeline = new Pipeline(TributaryConfig.builder("kafka://127.0.0.1:9")
      .jmxEnabled(false).build(), transport, clock, new SplittableRandom(1), false);

  @Test
  void aBurstGivesAPerRecordTransportSixteenThousandRecordsAtOnceWithTheDefaults() {
    for (int i = 0; i < 20_000; i++) {
      pipeline.offer(record(i));
    }
    for (int i = 0; i < 10; i++) {
      pipeline.sender().runOnce();
    }
    assertThat(transport.sent).hasSize(TributaryConfig.DEFAULT_MAX_IN_FLIGHT_BATCHES);
    assertThat(transport.records()).isEqualTo(TributaryConfig.DEFAULT_MAX_IN_FLIGHT_BATCHES
        * TributaryConfig.DEFAULT_BATCH_MAX_RECORDS);
  }

  @Test
  void atASteadyRateBatchesGrowToWhatArrivedWhileTheOldestWasInFlight() {
    int offered = 0;
    // 4,000 records/s, one every 250 us, against a proxy answering after 500 ms.
    for (int step = 0; step < 4_000; step++) {
      pipeline.offer(record(offered++));
      clock.advance(Duration.ofNanos(250_000));
      pipeline.sender().runOnce();
      ScriptedTransport.Sent oldest = transport.sent.stream()
          .filter(s -> clock.nanoTime() - s.atNanos() >= 500_000_000L
              && !answered(s)).findFirst().orElse(null);
      if (oldest != null) {
        for (int i = 0; i < oldest.batch().size(); i++) {
          oldest.callback().succeeded(i, new RecordMetadata("t", 0, i));
        }
        answered.add(oldest);
        pipeline.sender().runOnce();
      }
    }
    // After a second of 4,000/s with 500 ms answers, about 2,000 records are in flight at once
    // in 8 batches, and every record offered was answered or is still pending.
    long inFlight = transport.sent.stream().filter(s -> !answered(s))
        .mapToLong(s -> s.batch().size()).sum();
    assertThat(inFlight).isBetween(1_500L, 2_500L);
    assertThat(pipeline.metrics().sent() + pipeline.metrics().pendingRecords())
        .isEqualTo(offered);
  }

  /** The batches this test answered (the sender wraps the callbacks it hands out). */
  private final Set<ScriptedTransport.Sent> answered =
      Collections.newSetFromMap(new IdentityHashMap<>());

  private boolean answered(ScriptedTransport.Sent s) {
    return answered.contains(s);
  }

  private static TributaryRecord record(int i) {
    return TributaryRecord.of("t", ("record " + i).getBytes(StandardCharsets.UTF_8));
  }
}
