package dev.tributary.internal.pixy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The limit's rules, driven round trip by round trip with made-up times: each round starts as
 * many requests as the limit allows and answers them all after the same latency, the way a
 * kafka-pixy answers everything it holds at its flush. A proxy is a latency for a number in
 * flight.
 */
class AdaptiveLimitTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Flushes every 500 ms and serves up to 3,000 requests a second: latency grows past 1,500. */
  private static final IntToLongFunction SATURATING = n -> Math.max(500, n / 3);
  private long now = 1_000 * MS;

  @Test
  void slowStartDoublesTheLimitEveryRoundTripWhileThroughputRises() {
    AdaptiveLimit limit = new AdaptiveLimit(16, 1, 4096);
    for (int round = 0; round < 5; round++) {
      round(limit, n -> 500);
    }
    assertThat(limit.limit()).isEqualTo(16 << 5);
    assertThat(limit.inSlowStart()).isTrue();
  }

  @Test
  void theLimitNeverPassesItsMaximum() {
    AdaptiveLimit limit = new AdaptiveLimit(16, 1, 100);
    for (int round = 0; round < 10; round++) {
      round(limit, n -> 100);
    }
    assertThat(limit.limit()).isEqualTo(100);
  }

  @Test
  void slowStartEndsWhereThroughputStopsRisingWithALittleHeadroom() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 1 << 20);
    rounds(limit, SATURATING, 7);
    assertThat(limit.inSlowStart()).as("one doubling that did not pay").isTrue();
    rounds(limit, SATURATING, 1);
    assertThat(limit.inSlowStart()).isFalse();
    // 1,500 in flight fill the proxy: 2,048 gave the best; 4,096 and 8,192 did not pay.
    assertThat(limit.limit()).isEqualTo(2_048 * 5 / 4);
    assertThat(limit.ratePerSecond()).isBetween(2_900.0, 3_100.0);
  }

  @Test
  void probingSettlesJustAboveTheNumberThatFillsTheProxy() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 1 << 20);
    rounds(limit, SATURATING, 80);
    assertThat(limit.limit()).isBetween(1_500, 2_100);
  }

  @Test
  void probingFollowsAProxyThatGotFasterUpAndOneThatGotSlowerDown() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 1 << 20);
    rounds(limit, SATURATING, 80);
    rounds(limit, n -> Math.max(500, n / 6), 80); // 3,000 in flight fill it now
    assertThat(limit.limit()).isBetween(3_000, 4_200);
    rounds(limit, n -> Math.max(500, n * 2 / 3), 120); // and now 750 do
    assertThat(limit.limit()).isBetween(750, 1_100);
  }

  @Test
  void overloadHalvesTheLimitOncePerRoundTripAndSlowStartClimbsBack() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 1 << 20);
    rounds(limit, SATURATING, 10);
    int settled = limit.limit();
    failingRound(limit);
    assertThat(limit.limit()).isEqualTo(settled / 2);
    for (int round = 0; round < 20; round++) {
      failingRound(limit);
    }
    assertThat(limit.limit()).as("floor").isEqualTo(1);
    assertThat(limit.inSlowStart()).isTrue();
    rounds(limit, SATURATING, 14);
    assertThat(limit.limit()).as("back at speed within 14 round trips")
        .isGreaterThanOrEqualTo(1_500);
  }

  @Test
  void oneSlowRoundTripDoesNotEndSlowStart() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 1 << 20);
    round(limit, n -> 500);
    round(limit, n -> 1_500); // the scheduler held the answers back: 128 seem not to pay
    assertThat(limit.inSlowStart()).isTrue();
    assertThat(limit.limit()).isEqualTo(256);
    rounds(limit, n -> 500, 3);
    assertThat(limit.limit()).isEqualTo(2_048);
  }

  @Test
  void slowStartStoppedEarlyByNoiseResumesOnceLargerLimitsKeepPaying() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 1 << 20);
    round(limit, n -> 500);
    round(limit, n -> 1_500); // two slow start-up round trips: the doublings seem not to pay
    round(limit, n -> 3_000);
    assertThat(limit.inSlowStart()).isFalse();
    int early = limit.limit();
    assertThat(early).isEqualTo(80);
    rounds(limit, n -> 500, 30);
    assertThat(limit.limit()).as("far beyond where slow start stopped").isGreaterThan(1_000);
  }

  @Test
  void aCohortThatNeverUsedHalfTheLimitChangesNothing() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 4096);
    for (int round = 0; round < 5; round++) {
      long start = now;
      for (int i = 0; i < 64; i++) {
        limit.started(now, 1 + i % 31); // a trickle: never more than 31 at once
        now += 5 * MS;
      }
      now += 500 * MS;
      for (int i = 0; i < 64; i++) {
        limit.succeeded(start + i * 5 * MS, now, 31);
      }
    }
    assertThat(limit.limit()).isEqualTo(64);
    round(limit, n -> 500);
    assertThat(limit.limit()).isEqualTo(128);
  }

  @Test
  void aCohortWaitsForItsSlowestRequestSoFastAnswersDoNotFoolIt() {
    AdaptiveLimit limit = new AdaptiveLimit(32, 1, 4096);
    round(limit, n -> 100); // 320/s at 32
    // 64 in flight: half answer in 10 ms, half after 2 s. Throughput fell, though the first
    // answers alone would say it rose tenfold.
    long start = now;
    for (int i = 0; i < 64; i++) {
      limit.started(now, i + 1);
    }
    now += 10 * MS;
    for (int i = 0; i < 32; i++) {
      limit.succeeded(start, now, 64);
    }
    assertThat(limit.limit()).as("still waiting for the cohort").isEqualTo(64);
    now += 2_000 * MS;
    for (int i = 0; i < 32; i++) {
      limit.succeeded(start, now, 64);
    }
    assertThat(limit.ratePerSecond()).as("64 answered in the 2,010 ms since the window opened")
        .isBetween(31.0, 33.0);
  }

  @Test
  void requestsRefusedForTheirRecordCloseTheCohortWithoutCountingAsOverload() {
    AdaptiveLimit limit = new AdaptiveLimit(16, 1, 4096);
    long start = now;
    for (int i = 0; i < 16; i++) {
      limit.started(now, i + 1);
    }
    now += 500 * MS;
    for (int i = 0; i < 8; i++) {
      limit.refused(start, now);
      limit.succeeded(start, now, 16);
    }
    assertThat(limit.limit()).isEqualTo(32);
  }

  @Test
  void refusesBoundsThatDoNotNest() {
    assertThatThrownBy(() -> new AdaptiveLimit(0, 1, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial 0");
    assertThatThrownBy(() -> new AdaptiveLimit(5, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdaptiveLimit(20, 1, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void rounds(AdaptiveLimit limit, IntToLongFunction proxy, int rounds) {
    for (int round = 0; round < rounds; round++) {
      round(limit, proxy);
    }
  }

  /**
   * As many requests as the limit allows start now and are all answered after the latency the
   * proxy gives for that many; a backlog keeps the limit in use throughout.
   */
  private void round(AdaptiveLimit limit, IntToLongFunction latencyMsFor) {
    int n = limit.limit();
    long start = now;
    for (int i = 0; i < n; i++) {
      limit.started(now, i + 1);
    }
    now += latencyMsFor.applyAsLong(n) * MS;
    for (int i = 0; i < n; i++) {
      limit.succeeded(start, now, n);
    }
    now += MS;
  }

  private void failingRound(AdaptiveLimit limit) {
    int n = limit.limit();
    long start = now;
    for (int i = 0; i < n; i++) {
      limit.started(now, i + 1);
    }
    now += MS;
    for (int i = 0; i < n; i++) {
      limit.overloaded(start, now);
    }
    now += MS;
  }
}
