package io.gpenspark.evaluate;

import java.util.Arrays;

/** evaluation.csv: one row per configuration and image (RFC 4180, CRLF). */
final class EvaluationCsv {
  private EvaluationCsv() {}

  static String render(Evaluation.Outcome o) {
    StringBuilder sb =
        new StringBuilder("config,image,status,faces,psnr,ssim,out_width,out_height\r\n");
    for (VariantResult r : o.results()) {
      r.byImage()
          .forEach(
              (img, s) ->
                  sb.append(
                          String.join(
                              ",",
                              Arrays.asList(
                                  cell(r.name()),
                                  cell(img),
                                  s.status(),
                                  Integer.toString(s.faces()),
                                  num(s.psnr()),
                                  num(s.ssim()),
                                  s.outWidth() == null ? "" : s.outWidth().toString(),
                                  s.outHeight() == null ? "" : s.outHeight().toString())))
                      .append("\r\n"));
    }
    return sb.toString();
  }

  private static String num(Double d) {
    return d == null ? "" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
  }

  private static String cell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? '"' + s.replace("\"", "\"\"") + '"'
        : s;
  }
}
