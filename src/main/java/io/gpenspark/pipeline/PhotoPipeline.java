package io.gpenspark.pipeline;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import io.gpenspark.face.DetectorSettings;
import io.gpenspark.face.Face;
import io.gpenspark.face.YunetDetector;
import io.gpenspark.imageio.DecodeLimits;
import io.gpenspark.imageio.ImageDecoder;
import io.gpenspark.imageio.ImageFailure;
import io.gpenspark.imageio.ImageMetadata;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.imageio.MetadataWriter;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.imageio.Pixels;
import io.gpenspark.imageio.Provenance;
import io.gpenspark.listing.InputFile;
import io.gpenspark.metrics.ImageQuality;
import io.gpenspark.model.ModelCache;
import io.gpenspark.model.ModelSettings;
import io.gpenspark.model.ModelSource;
import io.gpenspark.postprocess.Postprocessor;
import io.gpenspark.preprocess.Preprocessor;
import io.gpenspark.restore.FacePair;
import io.gpenspark.restore.RestoreSettings;
import io.gpenspark.restore.Restorer;
import io.gpenspark.restore.Restorers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * One photo's restoration, as its steps: read → decode/normalise → preprocess → detect → align →
 * GPEN → paste back → postprocess → encode → write → metrics. Usable without Spark:
 *
 * <pre>{@code
 * try (PhotoPipeline p = PhotoPipeline.builder(config).build()) {
 *   Mat restored = p.restore(bgr, StageListener.NONE).image();
 * }
 * }</pre>
 *
 * The job splits a photo where the model runs ({@link #beforeModel}, {@link #restoreCrops}, {@link
 * #afterModel}) so that consecutive photos can share forward passes; {@link #process} runs one
 * photo file to file. A photo's failure is recorded in its {@link Photo}, never thrown, and every
 * Mat it held is released when it fails or is done. Thread-safe: the task threads of an executor
 * share one pipeline, and the models in it come from this JVM's {@link ModelCache}.
 */
public final class PhotoPipeline implements AutoCloseable {
  /** This build's version (the jar's Implementation-Version), recorded in manifests and outputs. */
  public static final String VERSION =
      PhotoPipeline.class.getPackage().getImplementationVersion() != null
          ? PhotoPipeline.class.getPackage().getImplementationVersion()
          : "dev";

  private static final OutputFormat PNG = new OutputFormat("png", 95);

  private final ModelCache.Lease<YunetDetector> detector;
  private final Restorer restorer;
  private final Preprocessor preprocessor;
  private final Postprocessor postprocessor;
  private final Optional<ImageQuality> quality;
  private final Optional<String> metricsReference;
  private final RestoreSettings restore;
  private final DecodeLimits limits;
  private final OutputFormat format;
  private final OutputResolution resolution;
  private final ImageStorage storage;
  private final OutputPaths paths;
  private final boolean releaseModelsOnClose;
  private final Provenance provenance;

  private PhotoPipeline(Builder b) {
    OpenCv.load();
    ConfigReader cfg = b.config.reader();
    DetectorSettings detect = DetectorSettings.from(cfg);
    ModelSettings model = ModelSettings.from(cfg);
    this.restore = RestoreSettings.from(cfg);
    this.limits = DecodeLimits.from(cfg);
    this.format = OutputFormat.from(cfg);
    this.resolution = OutputResolution.from(cfg);
    this.detector =
        ModelCache.acquire(
            "yunet|" + detect + "|" + model.cacheDir(),
            b.run,
            () -> new YunetDetector(readAll(yunetFile(detect, b.hadoop, model)), detect));
    Restorer gpen;
    try {
      gpen = Restorers.create(restore, model, b.hadoop, b.run, b.gpus, b.driverCheck);
    } catch (RuntimeException | LinkageError e) {
      detector.close();
      throw e;
    }
    this.restorer = gpen;
    this.preprocessor = Preprocessor.from(cfg, detector.get());
    this.postprocessor = Postprocessor.from(cfg);
    this.quality =
        cfg.bool("metrics.enabled") ? Optional.of(ImageQuality.from(cfg)) : Optional.empty();
    this.metricsReference = ImageQuality.reference(cfg);
    this.storage = new ImageStorage(b.hadoop);
    this.paths = b.paths;
    this.releaseModelsOnClose = b.releaseModelsOnClose;
    this.provenance =
        new Provenance(
            "gpen-spark",
            VERSION,
            restorer.modelId(),
            b.config.hash(),
            b.releaseModelsOnClose ? null : b.run);
  }

  /** detect.model as a local file; when it is missing, says how to get YuNet (one line). */
  private static java.nio.file.Path yunetFile(
      DetectorSettings detect, Configuration hadoop, ModelSettings model) {
    try {
      return ModelSource.localFile(detect.model(), hadoop, Optional.empty(), model.cacheDir());
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(
          "configuration key 'detect.model': "
              + e.getMessage()
              + "; get YuNet with `models/fetch yunet` or copy face_detection_yunet_2023mar.onnx into models/"
              + " (see models/README.md)",
          e);
    }
  }

  public static Builder builder(JobConfig config) {
    return new Builder(config);
  }

  /** Options of a pipeline; the configuration's keys say what each step does. */
  public static final class Builder {
    private final JobConfig config;
    private Configuration hadoop = new Configuration();
    private OutputPaths paths;
    private String run = "standalone";
    private boolean releaseModelsOnClose = true;
    private List<String> gpus = List.of();
    private boolean driverCheck;

    private Builder(JobConfig config) {
      this.config = config;
    }

    /** Storage settings for reading, writing and fetching models (default: Hadoop's defaults). */
    public Builder hadoop(Configuration conf) {
      this.hadoop = conf;
      return this;
    }

    /** Where {@link #afterModel} writes each photo (needed for file-to-file use only). */
    public Builder paths(OutputPaths outputPaths) {
      this.paths = outputPaths;
      return this;
    }

    /**
     * The run this pipeline serves: its models stay loaded in this JVM for the run's later tasks
     * (until the run's end, {@link ModelCache#releaseIdle()}), instead of being closed with it.
     */
    public Builder run(String runId) {
      this.run = runId;
      this.releaseModelsOnClose = false;
      return this;
    }

    /** The GPU addresses Spark assigned to the task this pipeline serves (none: unscheduled). */
    public Builder gpus(List<String> addresses) {
      this.gpus = List.copyOf(addresses);
      return this;
    }

    /**
     * The driver of a cluster job: it builds the pipeline only to check the configuration and
     * weights, on its CPU in fp32; each executor chooses its own device.
     */
    public Builder driverCheck(boolean onDriverOfCluster) {
      this.driverCheck = onDriverOfCluster;
      return this;
    }

    public PhotoPipeline build() {
      return new PhotoPipeline(this);
    }
  }

  /** Identity of the model for the manifest, e.g. "GPEN-BFR-512.pth sha256:…", or "none". */
  public String modelId() {
    return restorer.modelId();
  }

  /**
   * Where and in what precision the model runs, e.g. "cuda:1 bf16", for the manifest; null without
   * a model.
   */
  public String device() {
    return restorer.device();
  }

  /** restore.batch-images: consecutive photos whose faces share forward passes. */
  public int batchImages() {
    return restore.batchImages();
  }

  /**
   * One decoded photo (grey or BGR, 8 or 16-bit) in memory: preprocess → detect → align → GPEN →
   * paste back → postprocess.
   */
  public RestoredPhoto restore(Mat bgr, StageListener listener) {
    Photo photo = new Photo(null, listener);
    try {
      prepare(photo, bgr);
      if (!photo.cropsToRestore().isEmpty()) {
        long t0 = System.nanoTime();
        List<Mat> crops = restoreCrops(photo.cropsToRestore());
        photo.restored(crops, (System.nanoTime() - t0) / 1e6);
      }
      Finished done = finish(photo);
      return new RestoredPhoto(done.out().clone(), done.faces());
    } finally {
      photo.release();
    }
  }

  /** One photo file to file: {@link #beforeModel}, its own forward passes, {@link #afterModel}. */
  public Photo process(InputFile in, StageListener listener) {
    return process(beforeModel(in, listener));
  }

  /**
   * As {@link #process(InputFile, StageListener)}, written to {@code outputPath} (any Hadoop URI).
   */
  public Photo process(InputFile in, String outputPath, StageListener listener) {
    Photo photo = beforeModel(in, listener);
    photo.target = outputPath;
    return process(photo);
  }

  private Photo process(Photo photo) {
    if (photo.failed()) {
      return photo;
    }
    if (!photo.cropsToRestore().isEmpty()) {
      try {
        long t0 = System.nanoTime();
        List<Mat> crops = restoreCrops(photo.cropsToRestore());
        photo.restored(crops, (System.nanoTime() - t0) / 1e6);
      } catch (RuntimeException | LinkageError e) {
        photo.fail(e);
        return photo;
      }
    }
    return afterModel(photo);
  }

  /** Up to the model: read, decode, preprocess, detect, align. Failures are kept in the photo. */
  public Photo beforeModel(InputFile in, StageListener listener) {
    Photo photo = new Photo(in, listener);
    try {
      StageClock clock = photo.clock;
      byte[] bytes = clock.time("read", () -> storage.read(in.path(), in.size()));
      Mat decoded =
          photo.keep(
              clock.time(
                  "decode",
                  () -> {
                    photo.metadata =
                        ImageMetadata.read(
                            bytes); // what the output carries over: EXIF, XMP, IPTC, ICC, DPI
                    return limits.decode(bytes);
                  }));
      photo.inputSize(decoded.cols(), decoded.rows());
      prepare(photo, decoded);
    } catch (RuntimeException | LinkageError e) {
      photo.fail(e);
    }
    return photo;
  }

  /** The model: one new restored crop per aligned crop (from one or several photos), in order. */
  public List<Mat> restoreCrops(List<Mat> aligned) {
    return restorer.restoreCrops(aligned);
  }

  /**
   * From the restored crops on ({@link Photo#restored}): paste back, postprocess, encode, write,
   * metrics. The photo's Mats are released, and its outcome is final.
   */
  public Photo afterModel(Photo photo) {
    try {
      Finished done = finish(photo);
      write(photo, done);
    } catch (RuntimeException | LinkageError e) {
      photo.fail(e);
    } finally {
      photo.release();
    }
    return photo;
  }

  /**
   * Preprocess, detect and align. Faces are found on the standardised 8-bit working image; the
   * output is preprocessed at output.resolution and at the input's depth, and the faces, scaled to
   * it, are aligned from its pixels (at 8 bits, what GPEN takes).
   */
  private void prepare(Photo photo, Mat decoded) {
    StageClock clock = photo.clock;
    photo.grey = decoded.channels() == 1;
    Mat bgr = decoded.channels() == 3 ? decoded : photo.keep(Pixels.bgr(decoded));
    Mat bgr8 = bgr.depth() == CvType.CV_8U ? bgr : photo.keep(Pixels.eightBit(bgr));
    photo.decoded = bgr8;
    Mat working = photo.keep(clock.time("preprocess", () -> preprocessor.apply(bgr8)));
    List<Face> found =
        restore.alignedInput()
            ? List.of()
            : clock.time("detect", () -> detector.get().find(working));

    int inputShort = Math.min(bgr.cols(), bgr.rows());
    int standardShort = preprocessor.standardShortEdge(inputShort);
    int outShort =
        preprocessor.crops() || restore.alignedInput()
            ? standardShort
            : resolution.shortEdge(inputShort, standardShort);
    Mat base =
        outShort == standardShort && bgr == bgr8
            ? working
            : photo.keep(
                clock.time(
                    "preprocess",
                    () ->
                        outShort == standardShort
                            ? preprocessor.apply(bgr)
                            : preprocessor.applyAt(bgr, outShort)));
    photo.base = base;
    photo.base8 = base.depth() == CvType.CV_8U ? base : photo.keep(Pixels.eightBit(base));
    double s =
        Math.min(base.cols(), base.rows()) / (double) Math.min(working.cols(), working.rows());
    // Pixel centres line up: x + 0.5 scales by s.
    List<Face> onBase =
        s == 1 ? found : found.stream().map(f -> f.scaled(s, (s - 1) / 2, (s - 1) / 2)).toList();
    photo.faces = clock.time("align", () -> restorer.align(photo.base8, onBase));
    photo.keepAll(photo.faces.crops());
  }

  /**
   * The written photo (held by {@code photo}) at the input's depth and channels, the same at 8-bit
   * BGR as the face steps made it, and the restored faces in its coordinates.
   */
  private record Finished(Mat out, Mat post8, List<Face> faces, List<FacePair> crops) {}

  private Finished finish(Photo photo) {
    StageClock clock = photo.clock;
    Restorer.Restored restored =
        clock.time("paste_back", () -> restorer.paste(photo.faces, photo.restoredCrops));
    photo.keep(restored.image());
    List<Face> faces = restored.restoredFaces();
    Mat post8 =
        photo.keep(clock.time("postprocess", () -> postprocessor.apply(restored.image(), faces)));
    Mat out =
        clock.time(
            "postprocess",
            () -> {
              Mat m = post8;
              if (photo.base != photo.base8
                  && !restore.alignedInput()) { // 16-bit: only what the face steps changed
                m = photo.keep(Pixels.lift(photo.base, photo.base8, post8));
              }
              return photo.grey ? photo.keep(Pixels.grey(m)) : m;
            });
    return new Finished(out, post8, faces, restored.crops());
  }

  private void write(Photo photo, Finished done) {
    if (paths == null) {
      throw new IllegalStateException("a pipeline that writes photos needs paths(...)");
    }
    InputFile in = photo.input();
    StageClock clock = photo.clock;
    String outPath = photo.target != null ? photo.target : paths.outputFor(in.path());
    String ext = OutputPaths.extension(outPath);
    byte[] encoded =
        clock.time(
            "encode",
            () -> MetadataWriter.carry(photo.metadata, provenance, format.encode(done.out(), ext)));
    clock.time(
        "write",
        () -> {
          storage.write(outPath, encoded);
          done.crops().forEach(c -> saveFace(photo, c));
        });
    photo.written(outPath, done.out().cols(), done.out().rows(), done.faces().size());
    if (quality.isPresent()) {
      try {
        clock.time("metrics", () -> measure(photo, done, encoded, ext));
      } catch (ImageFailure f) { // the photo is written and good; only its scores are missing
        photo.note("metrics not computed: " + f.getMessage());
      }
    }
  }

  /**
   * PSNR/SSIM of what was written, at 8-bit BGR (lossy, grey and 16-bit outputs are decoded back),
   * against the ground truth at the same relative path, or else against the decoded input.
   */
  private void measure(Photo photo, Finished done, byte[] encoded, String ext) {
    Mat written =
        format.isLossy(ext) || done.out() != done.post8()
            ? photo.keep(ImageDecoder.decode(encoded))
            : done.post8();
    Mat reference = photo.decoded;
    String kind = "input";
    if (metricsReference.isPresent()) {
      String truthPath = paths.under(metricsReference.get(), photo.input().path());
      reference = photo.keep(ImageDecoder.decode(storage.read(truthPath, 0)));
      kind = "ground_truth";
    }
    photo.quality(quality.get().measure(written, reference), kind);
  }

  /** output.save-faces: the aligned input crop, the restored crop and both side by side, as PNG. */
  private void saveFace(Photo photo, FacePair face) {
    Mat compare = photo.keep(face.sideBySide());
    Map<String, Mat> kinds =
        Map.of("aligned", face.aligned(), "restored", face.restored(), "compare", compare);
    kinds.forEach(
        (kind, m) ->
            storage.write(
                paths.facePath(photo.input().path(), face.index(), kind), PNG.encode(m, "png")));
  }

  private static byte[] readAll(java.nio.file.Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hands the models back; a pipeline not serving a run also closes them (nothing else will). */
  @Override
  public void close() {
    restorer.close();
    detector.close();
    if (releaseModelsOnClose) {
      ModelCache.releaseIdle();
    }
  }
}
