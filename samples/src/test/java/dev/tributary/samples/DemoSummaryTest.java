package dev.tributary.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.DeliveryReport;
import org.junit.jupiter.api.Test;

/** The demo's summary reads as sentences, and says plainly when something was lost. */
class DemoSummaryTest {
  private static Demo.Result result(long received, long dropped, long failed) {
    return new Demo.Result(200_000, 4, "kafka://127.0.0.1:9092", 222, 200_000, received, 0,
        dropped, failed, 1_500_000_000L, 3_770_000_000L, 681, 7_183, 67_443_694,
        new DeliveryReport(received, failed, dropped, 0, 0, true));
  }

  @Test
  void aCleanRunSaysEverythingArrivedAndWhatOfferCost() {
    String s = result(200_000, 0, 0).summary();
    assertThat(s).contains("delivered  all 200,000, read back from Kafka",
        "median 0.7 us, 99% under 7.2 us, slowest 67.4 ms",
        "offer() never waits on Kafka", "nothing left behind")
        .doesNotContain("not counted by the producer", "lost 0", "NOT accounted");
  }

  @Test
  void aLossIsSplitIntoWhatTheProducerCountedAndWhatItDidNot() {
    assertThat(result(199_000, 600, 300).summary())
        .contains("delivered  199,000 of 200,000; 1,000 missing: 600 dropped and 300 failed",
            "100 NOT accounted for (silent loss: a bug)");
    assertThat(result(199_100, 600, 300).summary()).doesNotContain("NOT accounted");
  }
}
