package dev.tributary.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Round means, their confidence intervals, ratios and the verdicts drawn from them. */
class StatTest {

  @Test
  void meanAndNinetyNinePointNinePercentIntervalOfTheRounds() {
    Stat s = Stat.of(List.of(90.0, 100.0, 110.0));

    assertThat(s.mean()).isCloseTo(100.0, within(1e-9));
    // Student's t for 2 degrees of freedom at 0.9995 is 31.599; the standard error is 10/√3.
    assertThat(s.error()).isCloseTo(31.599 * 10 / Math.sqrt(3), within(0.05));
    assertThat(s.rounds()).isEqualTo(3);
    assertThat(s.wide()).isTrue();
  }

  @Test
  void fewerThanThreeRoundsHaveNoErrorBarAndNoRoundsNoValue() {
    assertThat(Stat.of(List.of(5.0)).error()).isNaN();
    assertThat(Stat.of(List.of(5.0, 7.0)).error()).isNaN();
    assertThat(Stat.of(List.of(5.0, 7.0)).mean()).isCloseTo(6.0, within(1e-12));
    assertThat(Stat.of(List.of(5.0)).wide()).isFalse();
    assertThat(Stat.of(List.of()).present()).isFalse();
  }

  @Test
  void aTightIntervalIsNotWide() {
    Stat s = Stat.of(List.of(1000.0, 1001.0, 999.0, 1000.0, 1000.5, 999.5));

    assertThat(s.relativeError()).isLessThan(Stat.AIM);
    assertThat(s.wide()).isFalse();
  }

  @Test
  void aRatioCarriesBothRelativeErrors() {
    Stat a = new Stat(200, 20, 10); // 10 %
    Stat b = new Stat(100, 10, 10); // 10 %

    Stat r = a.over(b);

    assertThat(r.mean()).isCloseTo(2.0, within(1e-12));
    assertThat(r.error()).isCloseTo(2.0 * Math.hypot(0.1, 0.1), within(1e-12));
  }

  @Test
  void verdictsAreMetMissedOrWithinErrorByWhereTheIntervalLies() {
    assertThat(Targets.verdict(new Stat(1.2, 0.1, 5), Targets.Direction.AT_LEAST, 1.0))
        .isEqualTo("met");
    assertThat(Targets.verdict(new Stat(0.8, 0.1, 5), Targets.Direction.AT_LEAST, 1.0))
        .isEqualTo("**missed**");
    assertThat(Targets.verdict(new Stat(1.05, 0.1, 5), Targets.Direction.AT_LEAST, 1.0))
        .isEqualTo("within error");
    assertThat(Targets.verdict(new Stat(0.5, 0.1, 5), Targets.Direction.AT_MOST, 1.0))
        .isEqualTo("met");
    assertThat(Targets.verdict(new Stat(1.5, 0.1, 5), Targets.Direction.AT_MOST, 1.0))
        .isEqualTo("**missed**");
    assertThat(Targets.verdict(new Stat(1.5, Double.NaN, 1), Targets.Direction.AT_MOST, 1.0))
        .isEqualTo("**missed**");
    assertThat(Targets.verdict(Stat.NONE, Targets.Direction.AT_MOST, 1.0)).isEqualTo("—");
  }

  @Test
  void spreadIsTheMedianWithTheLowestAndHighestRepetition() {
    Spread odd = Spread.of(List.of(2400.0, 3100.0, 2300.0));
    Spread even = Spread.of(List.of(4.0, 1.0, 3.0, 2.0));

    assertThat(odd.median()).isCloseTo(2400.0, within(1e-9));
    assertThat(odd.min()).isCloseTo(2300.0, within(1e-9));
    assertThat(odd.max()).isCloseTo(3100.0, within(1e-9));
    assertThat(odd.count()).isEqualTo(3);
    assertThat(even.median()).isCloseTo(2.5, within(1e-9));
  }

  @Test
  void spreadLeavesOutMissingValuesAndOfNoneHasNoValue() {
    assertThat(Spread.of(List.of(Double.NaN, 5.0)).count()).isEqualTo(1);
    assertThat(Spread.of(List.of(Double.NaN, 5.0)).median()).isCloseTo(5.0, within(1e-9));
    assertThat(Spread.of(List.of()).present()).isFalse();
    assertThat(Spread.of(List.of(Double.NaN)).present()).isFalse();
  }
}
