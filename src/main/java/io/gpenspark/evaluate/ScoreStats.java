package io.gpenspark.evaluate;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One configuration's scores summed up: mean and median of its finite PSNR and SSIM values
 * (identical images, PSNR ∞, and unmeasured ones left out) and the output size most images have.
 */
public record ScoreStats(
    double meanPsnr, double medianPsnr, double meanSsim, double medianSsim, String outSize) {
  static ScoreStats of(Collection<ImageScore> scores) {
    List<Double> psnr = finite(scores, ImageScore::psnr);
    List<Double> ssim = finite(scores, ImageScore::ssim);
    return new ScoreStats(mean(psnr), median(psnr), mean(ssim), median(ssim), outSize(scores));
  }

  private static List<Double> finite(
      Collection<ImageScore> scores, Function<ImageScore, Double> metric) {
    return scores.stream().map(metric).filter(x -> x != null && Double.isFinite(x)).toList();
  }

  static double mean(List<Double> v) {
    return v.isEmpty()
        ? Double.NaN
        : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  /** "W×H" when every written image has that size, "mixed" otherwise, "–" when none was written. */
  private static String outSize(Collection<ImageScore> scores) {
    Map<String, Integer> sizes = new TreeMap<>();
    for (ImageScore s : scores) {
      if (s.outWidth() != null) {
        sizes.merge(s.outWidth() + "×" + s.outHeight(), 1, Integer::sum);
      }
    }
    if (sizes.isEmpty()) {
      return "–";
    }
    return sizes.size() == 1 ? sizes.keySet().iterator().next() : "mixed";
  }
}
