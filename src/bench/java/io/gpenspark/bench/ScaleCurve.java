package io.gpenspark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cost against N: the marginal cost per input above a tiny baseline run, (t(N) − t(n0)) / (N − n0),
 * which takes the fixed cost (JVM, Spark, models) out; and the growth exponent of that cost between
 * two sizes, log(c2 / c1) / log(m2 / m1) with c = t − t(n0) and m = N − n0: 1 is linear, below 1
 * better, above 1 worse.
 */
final class ScaleCurve {
  /** Exponents up to this count as linear: two runs on a shared machine differ by some percent. */
  static final double LINEAR_TOLERANCE = 1.15;

  private ScaleCurve() {}

  /** Milliseconds per input above the baseline; NaN when a time is missing or n equals n0. */
  static double marginalMs(long n0, double t0, long n, double t) {
    if (n == n0 || Double.isNaN(t0) || Double.isNaN(t)) {
      return Double.NaN;
    }
    return (t - t0) / (n - n0) * 1000;
  }

  /**
   * The growth exponent of the cost above the baseline from size n1 to n2; NaN when either cost is
   * not above the baseline (noise at small sizes) or a time is missing.
   */
  static double exponent(long n0, double t0, long n1, double t1, long n2, double t2) {
    double c1 = t1 - t0;
    double c2 = t2 - t0;
    if (!(c1 > 0 && c2 > 0) || n1 <= n0 || n2 <= n1) {
      return Double.NaN;
    }
    return Math.log(c2 / c1) / Math.log((double) (n2 - n0) / (n1 - n0));
  }

  /** The exponents between consecutive sizes ({@code ns} ascending, {@code ts} their times). */
  static List<Double> exponents(long n0, double t0, List<Long> ns, List<Double> ts) {
    List<Double> out = new ArrayList<>();
    for (int i = 1; i < ns.size(); i++) {
      out.add(exponent(n0, t0, ns.get(i - 1), ts.get(i - 1), ns.get(i), ts.get(i)));
    }
    return out;
  }

  /**
   * The curve from the growth exponent between the smallest and the largest size above the baseline
   * (one pair of runs far apart: less noise than neighbouring sizes): "linear or better (exponent
   * 0.98 from 10000 to 200000)", "worse than linear (…)", or "not known" when it cannot be
   * computed. {@code ns} ascending, {@code ts} their times.
   */
  static String shape(long n0, double t0, List<Long> ns, List<Double> ts) {
    if (ns.size() < 2) {
      return "not known (fewer than two sizes above the baseline)";
    }
    int last = ns.size() - 1;
    double e = exponent(n0, t0, ns.get(0), ts.get(0), ns.get(last), ts.get(last));
    if (Double.isNaN(e)) {
      return "not known (no cost above the baseline at the smallest size)";
    }
    String between =
        String.format(Locale.ROOT, "exponent %.2f from %d to %d", e, ns.get(0), ns.get(last));
    return e <= LINEAR_TOLERANCE
        ? "linear or better (" + between + ")"
        : "worse than linear (" + between + ")";
  }
}
