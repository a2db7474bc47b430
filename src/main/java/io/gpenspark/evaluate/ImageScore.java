package io.gpenspark.evaluate;

/** One image under one configuration, as the run's manifest row has it. */
public record ImageScore(
    String status,
    Double psnr,
    Double ssim,
    int faces,
    Integer outWidth,
    Integer outHeight,
    String outputPath,
    String error) {
  /** Has a PSNR and SSIM against the ground truth (a written image). */
  boolean measured() {
    return psnr != null;
  }
}
