package io.gpenspark.metrics;

/** PSNR (dB, +infinity for identical images) and SSIM of an output against its reference. */
public record Quality(double psnr, double ssim) {}
