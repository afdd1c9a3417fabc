package dev.tributary.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import dev.tributary.spi.Diagnostics;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

  @Test
  void warningsAreReportedOnThe1st20th100th1000thAndEachPowerOfTen() {
    List<Long> reported = new ArrayList<>();
    for (long n = 1; n <= 1_000_000; n++) {
      if (dev.tributary.internal.appender.RateLimitedCounter.isReported(n)) {
        reported.add(n);
      }
    }
    assertThat(reported).containsExactly(1L, 20L, 100L, 1000L, 10_000L, 100_000L, 1_000_000L);
  }

  @Test
  void reporterWritesOnlyAtReportingPoints() {
    AtomicInteger writes = new AtomicInteger();
    Diagnostics d = new Diagnostics() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message, Throwable cause) {
        writes.incrementAndGet();
      }

      @Override
      public void error(String message, Throwable cause) {}
    };
    RateLimitedReporter r = new RateLimitedReporter(d);
    for (int i = 0; i < 1000; i++) {
      r.warn("drop", n -> "dropped " + n, null);
    }
    assertThat(writes).hasValue(4);
  }

  @Test
  void backoffIsFullJitterUnderADoublingCap() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom(7));
    assertThat(b.capNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(b.capNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(b.capNanos(5)).isEqualTo(Duration.ofMillis(1600).toNanos());
    assertThat(b.capNanos(6)).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(b.capNanos(500)).isEqualTo(Duration.ofSeconds(2).toNanos());
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 10_000; i++) {
      long d = b.delayNanos(3);
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isGreaterThanOrEqualTo(Duration.ofMillis(1).toNanos())
        .isLessThan(Duration.ofMillis(20).toNanos());
    assertThat(max).isLessThanOrEqualTo(Duration.ofMillis(400).toNanos())
        .isGreaterThan(Duration.ofMillis(380).toNanos());
  }
}
