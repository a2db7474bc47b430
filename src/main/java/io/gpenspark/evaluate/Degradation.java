package io.gpenspark.evaluate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * One image's synthetic degradation, as in blind face restoration training (BasicSR/GFPGAN's
 * FFHQDegradationDataset): Gaussian blur (isotropic or anisotropic kernel) → downsample by {@code
 * scale} (bilinear) → Gaussian noise → JPEG at {@code jpegQuality} → bilinear back to the original
 * size, rounded to 8 bits. The parameters are drawn from a {@link Random} seeded by the run's seed
 * and the image's relative path, so the same seed gives the same image on any machine (with the
 * same OpenCV build).
 */
public record Degradation(
    String path,
    long seed,
    String kernel,
    int kernelSize,
    double sigmaX,
    double sigmaY,
    double theta,
    double scale,
    double noiseSigma,
    int jpegQuality) {

  /** The per-image seed: the first 8 bytes of sha256(seed, relative path). */
  public static long seedFor(long seed, String relativePath) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((seed + "\u0000" + relativePath).getBytes(StandardCharsets.UTF_8));
      long s = 0;
      for (int i = 0; i < 8; i++) {
        s = (s << 8) | (d[i] & 0xff);
      }
      return s;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The noise has its own stream, derived from the image's seed. */
  static long noiseSeed(long imageSeed) {
    return Long.rotateLeft(imageSeed, 29) ^ 0x6A09E667F3BCC909L;
  }

  /** Draws the parameters for one image (the noise pixels are drawn in {@link #apply}). */
  public static Degradation draw(DegradationSettings s, long seed, String relativePath) {
    long imageSeed = seedFor(seed, relativePath);
    return drawFrom(s, imageSeed, relativePath, new Random(imageSeed));
  }

  private static Degradation drawFrom(
      DegradationSettings s, long imageSeed, String path, Random r) {
    boolean aniso = r.nextDouble() < s.anisoProbability();
    double sx = s.blurSigma().draw(r);
    double sy = aniso ? s.blurSigma().draw(r) : sx;
    double theta = aniso ? -Math.PI + 2 * Math.PI * r.nextDouble() : 0;
    double scale = s.downsample().draw(r);
    double noise = s.noiseSigma().draw(r);
    int q = s.jpegMin() + r.nextInt(s.jpegMax() - s.jpegMin() + 1);
    return new Degradation(
        path, imageSeed, aniso ? "aniso" : "iso", s.kernelSize(), sx, sy, theta, scale, noise, q);
  }

  /** The size the image is downsampled to (Python's int(w // scale), at least 1). */
  public int[] downsampledSize(int width, int height) {
    return new int[] {
      Math.max(1, (int) Math.floor(width / scale)), Math.max(1, (int) Math.floor(height / scale))
    };
  }

  /**
   * BasicSR's bivariate Gaussian kernel: exp(-½ xᵀ Σ⁻¹ x) on the grid −k/2..k/2, Σ = R diag(σx²,
   * σy²) Rᵀ with R the rotation by θ, normalised to sum 1.
   */
  public Mat kernelMat() {
    int k = kernelSize;
    double c = Math.cos(theta);
    double sn = Math.sin(theta);
    double a = sigmaX * sigmaX;
    double b = sigmaY * sigmaY;
    // Σ = [[c²a + s²b, cs(a−b)], [cs(a−b), s²a + c²b]]
    double s11 = c * c * a + sn * sn * b;
    double s12 = c * sn * (a - b);
    double s22 = sn * sn * a + c * c * b;
    double det = s11 * s22 - s12 * s12;
    double i11 = s22 / det;
    double i12 = -s12 / det;
    double i22 = s11 / det;
    double[] v = new double[k * k];
    double sum = 0;
    int half = k / 2;
    for (int y = 0; y < k; y++) {
      for (int x = 0; x < k; x++) {
        double dx = x - half;
        double dy = y - half;
        double e = Math.exp(-0.5 * (dx * dx * i11 + 2 * dx * dy * i12 + dy * dy * i22));
        v[y * k + x] = e;
        sum += e;
      }
    }
    Mat m = new Mat(k, k, CvType.CV_32F);
    float[] f = new float[k * k];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (v[i] / sum);
    }
    m.put(0, 0, f);
    return m;
  }

  /** Degrades an 8-bit BGR image; the result has the same size and type. */
  public Mat apply(Mat bgr) {
    io.gpenspark.imageio.OpenCv.load();
    Random noiseStream = new Random(noiseSeed(seed));
    int w = bgr.cols();
    int h = bgr.rows();
    Mat img = new Mat();
    Mat kernel = kernelMat();
    Mat blurred = new Mat();
    Mat small = new Mat();
    Mat noisy8 = new Mat();
    MatOfByte jpeg = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality);
    Mat decoded = null;
    Mat back = new Mat();
    try {
      bgr.convertTo(img, CvType.CV_32FC3);
      Imgproc.filter2D(img, blurred, -1, kernel);
      int[] ds = downsampledSize(w, h);
      Imgproc.resize(blurred, small, new Size(ds[0], ds[1]), 0, 0, Imgproc.INTER_LINEAR);
      if (noiseSigma > 0) {
        float[] px = new float[(int) small.total() * 3];
        small.get(0, 0, px);
        for (int i = 0; i < px.length; i++) {
          px[i] += (float) (noiseStream.nextGaussian() * noiseSigma);
        }
        small.put(0, 0, px);
      }
      small.convertTo(noisy8, CvType.CV_8UC3); // clips to 0..255 and rounds, as cv2.imencode does
      if (!Imgcodecs.imencode(".jpg", noisy8, jpeg, params)) {
        throw new IllegalStateException("JPEG encoding failed");
      }
      decoded = Imgcodecs.imdecode(jpeg, Imgcodecs.IMREAD_COLOR);
      decoded.convertTo(small, CvType.CV_32FC3);
      Imgproc.resize(small, back, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
      Mat out = new Mat();
      back.convertTo(out, CvType.CV_8UC3);
      return out;
    } finally {
      for (Mat m : new Mat[] {img, kernel, blurred, small, noisy8, jpeg, params, back}) {
        m.release();
      }
      if (decoded != null) {
        decoded.release();
      }
    }
  }

  /**
   * The parameters as one JSON-ready map (the params.jsonl line, with the image size added by the
   * caller).
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("seed", seed);
    m.put("kernel", kernel);
    m.put("kernel_size", kernelSize);
    m.put("blur_sigma_x", sigmaX);
    m.put("blur_sigma_y", sigmaY);
    m.put("blur_theta", theta);
    m.put("downsample", scale);
    m.put("noise_sigma", noiseSigma);
    m.put("jpeg_quality", jpegQuality);
    return m;
  }
}
