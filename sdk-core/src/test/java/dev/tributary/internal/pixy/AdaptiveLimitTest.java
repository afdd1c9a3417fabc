package dev.tributary.internal.pixy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The limit's rules, driven round trip by round trip with made-up times: each round starts as
 * many requests as the limit allows and answers them all after the same latency, the way a
 * kafka-pixy answers everything it holds at its flush.
 */
class AdaptiveLimitTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private long now = 1_000 * MS;

  @Test
  void slowStartDoublesTheLimitEveryRoundTripWhileLatencyHolds() {
    AdaptiveLimit limit = new AdaptiveLimit(16, 1, 4096);
    for (int round = 0; round < 5; round++) {
      round(limit, 500);
    }
    assertThat(limit.limit()).isEqualTo(16 << 5);
    assertThat(limit.inSlowStart()).isTrue();
  }

  @Test
  void theLimitNeverPassesItsMaximum() {
    AdaptiveLimit limit = new AdaptiveLimit(16, 1, 100);
    for (int round = 0; round < 10; round++) {
      round(limit, 5);
    }
    assertThat(limit.limit()).isEqualTo(100);
  }

  @Test
  void answersWhileLessThanHalfTheLimitIsInUseChangeNothing() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 4096);
    long start = now;
    now += 500 * MS;
    for (int i = 0; i < 100; i++) {
      limit.succeeded(start, now, 31);
    }
    assertThat(limit.limit()).isEqualTo(64);
    limit.succeeded(start, now, 32);
    assertThat(limit.limit()).isEqualTo(65);
  }

  @Test
  void risingLatencyShrinksTheLimitAndEndsSlowStart() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 4096);
    round(limit, 500);
    round(limit, 500);
    int peak = limit.limit();
    assertThat(peak).isEqualTo(256);
    assertThat(limit.baselineNanos()).isEqualTo(500.0 * MS);
    // The proxy queues: latency triples. Within two round trips the limit is cut, in proportion.
    round(limit, 1_500);
    round(limit, 1_500);
    int cut = limit.limit();
    assertThat(cut).isLessThan(peak).isGreaterThanOrEqualTo(peak / 2 / 2);
    assertThat(limit.inSlowStart()).isFalse();
    // Latency back to normal: growth resumes, by about the square root per round trip.
    round(limit, 500);
    assertThat(limit.limit()).isBetween(cut + (int) Math.sqrt(cut) - 1,
        cut + (int) Math.sqrt(cut) + 2);
  }

  @Test
  void latencyWithinTheToleranceKeepsSlowStartGoing() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 4096);
    round(limit, 500);
    round(limit, 900);
    round(limit, 950);
    assertThat(limit.limit()).isEqualTo(512);
    assertThat(limit.inSlowStart()).isTrue();
  }

  @Test
  void overloadHalvesTheLimitOncePerRoundTripHoweverManyRequestsFail() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 4096);
    round(limit, 500); // 128
    failingRound(limit);
    assertThat(limit.limit()).isEqualTo(64);
    assertThat(limit.inSlowStart()).isFalse();
    failingRound(limit);
    assertThat(limit.limit()).isEqualTo(32);
  }

  @Test
  void afterAnOutageSlowStartClimbsBackToHalfTheLimitItHadBefore() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 4, 4096);
    for (int round = 0; round < 4; round++) {
      round(limit, 500);
    }
    assertThat(limit.limit()).isEqualTo(1024);
    for (int round = 0; round < 12; round++) {
      failingRound(limit);
    }
    assertThat(limit.limit()).as("floor").isEqualTo(4);
    for (int round = 0; round < 7; round++) {
      round(limit, 500); // 4 -> 8 -> ... -> 512
    }
    assertThat(limit.limit()).isEqualTo(512);
    assertThat(limit.inSlowStart()).isFalse();
    round(limit, 500);
    assertThat(limit.limit()).isBetween(512 + 22, 512 + 24);
  }

  @Test
  void theBaselineFollowsAProxyThatStaysSlowerAtTheLimitItWasMeasuredAt() {
    AdaptiveLimit limit = new AdaptiveLimit(16, 1, 1 << 20);
    round(limit, 9); // a 5 ms-flush proxy
    assertThat(limit.baselineNanos()).isEqualTo(9.0 * MS);
    long measured = now;
    // Restarted with a 500 ms flush: at first that looks like queueing, and the limit drops...
    for (int round = 0; round < 10; round++) {
      round(limit, 500);
    }
    assertThat(limit.limit()).isLessThan(16);
    // ...until latency has stayed high for a whole window at a lower limit: the new normal.
    while (limit.baselineNanos() < 500.0 * MS && now < measured + 120_000 * MS) {
      round(limit, 500);
    }
    assertThat(limit.baselineNanos()).isEqualTo(500.0 * MS);
    assertThat(now - measured).isGreaterThan(AdaptiveLimit.BASELINE_WINDOW_NANOS);
    assertThat(limit.inSlowStart()).isTrue();
    int before = limit.limit();
    round(limit, 500);
    round(limit, 500);
    assertThat(limit.limit()).isGreaterThanOrEqualTo(4 * before);
  }

  @Test
  void latencyOfASaturatedProxyNeverBecomesTheBaseline() {
    AdaptiveLimit limit = new AdaptiveLimit(64, 1, 1 << 20);
    round(limit, 500);
    round(limit, 500); // baseline 500 ms, measured at 128 in flight
    long until = now + 3 * AdaptiveLimit.BASELINE_WINDOW_NANOS;
    while (now < until) {
      // Saturated: latency grows with what is in flight (1,000 requests take 1 s).
      round(limit, Math.max(500, limit.limit()));
    }
    assertThat(limit.baselineNanos()).isEqualTo(500.0 * MS);
    assertThat(limit.limit()).isBetween(500, 2_000);
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

  /**
   * As many requests as the limit allows start now and are all answered after
   * {@code latencyMs}; a backlog keeps the limit in use throughout.
   */
  private void round(AdaptiveLimit limit, long latencyMs) {
    int n = limit.limit();
    long start = now;
    now += latencyMs * MS;
    for (int i = 0; i < n; i++) {
      limit.succeeded(start, now, Math.max(n, limit.limit()));
    }
    now += MS;
  }

  private void failingRound(AdaptiveLimit limit) {
    int n = limit.limit();
    long start = now;
    now += MS;
    for (int i = 0; i < n; i++) {
      limit.overloaded(start, now);
    }
    now += MS;
  }
}
