package dev.tributary.benchmarks.report;

import java.util.Locale;

/** How the report writes a figure into a table cell. Stateless. */
final class Cells {
  static final String NONE = "—";
  /** Marks a figure whose error bar is wider than {@link Stat#AIM} of it. */
  static final String WIDE = " ‡";

  private Cells() {}

  static String count(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? NONE
        : String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  static String withError(JmhResult.Metric m) {
    if (m == null || Double.isNaN(m.score())) {
      return NONE;
    }
    return Double.isNaN(m.error()) ? count(m.score())
        : count(m.score()) + " ± " + count(m.error());
  }

  /** A whole-number figure over rounds: {@code mean ± error}, marked when the error is wide. */
  static String count(Stat s) {
    if (!s.present()) {
      return NONE;
    }
    return count(s.mean()) + error(count(s.error())) + (s.wide() ? WIDE : "");
  }

  /** A per-call time over rounds, given in ns, in the unit that reads best. */
  static String nanos(Stat s) {
    if (!s.present()) {
      return NONE;
    }
    double scale = s.mean() >= 1e9 ? 1e9 : s.mean() >= 1e6 ? 1e6 : s.mean() >= 1e4 ? 1e3 : 1;
    String unit = scale == 1e9 ? " s" : scale == 1e6 ? " ms" : scale == 1e3 ? " µs" : " ns";
    String pattern = scale == 1 ? "%,.0f" : "%,.1f";
    return String.format(Locale.ROOT, pattern, s.mean() / scale)
        + error(String.format(Locale.ROOT, pattern, s.error() / scale)) + unit
        + (s.wide() ? WIDE : "");
  }

  /** A percentage over rounds. */
  static String percent(Stat s) {
    if (!s.present()) {
      return NONE;
    }
    return String.format(Locale.ROOT, s.mean() == 0 ? "%.0f" : "%.2f", s.mean())
        + error(String.format(Locale.ROOT, "%.2f", s.error())) + " %"
        + (s.wide() && s.mean() >= 1 ? WIDE : "");
  }

  /** A ratio, e.g. {@code 1.05 ± 0.04×}. */
  static String ratio(Stat r) {
    if (!r.present() || Double.isInfinite(r.mean())) {
      return NONE;
    }
    return String.format(Locale.ROOT, "%.2f", r.mean())
        + error(String.format(Locale.ROOT, "%.2f", r.error())) + "×";
  }

  /** " ± error", or nothing when there is none or it rounds to zero at this precision. */
  private static String error(String formatted) {
    return formatted.equals(NONE) || formatted.equals("NaN") || formatted.matches("[0.,]+")
        ? "" : " ± " + formatted;
  }

  static String percent(double part, double whole) {
    if (Double.isNaN(part) || Double.isNaN(whole) || whole <= 0) {
      return NONE;
    }
    double p = 100 * part / whole;
    return p == 0 ? "0 %" : String.format(Locale.ROOT, p < 0.1 ? "%.3f %%" : "%.1f %%", p);
  }

  /** A duration given in microseconds, in the unit that reads best. */
  static String micros(double us) {
    if (Double.isNaN(us)) {
      return NONE;
    }
    if (us >= 1e6) {
      return String.format(Locale.ROOT, "%.1f s", us / 1e6);
    }
    if (us >= 1e4) {
      return String.format(Locale.ROOT, "%.0f ms", us / 1e3);
    }
    if (us >= 1e3) {
      return String.format(Locale.ROOT, "%.1f ms", us / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f µs", us);
  }
}
