package io.gpenspark.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@IntegrationTest
class InputListerTest {
  private static final ImagePathFilter IMAGES =
      new ImagePathFilter(List.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp"));
  static @TempDir Path tree;
  static JavaSparkContext sc;

  @BeforeAll
  static void buildTree() throws Exception {
    sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
    for (String f :
        List.of(
            "a.jpg",
            "B.JPEG",
            "c d.png",
            "x/1.Tif",
            "x/y/2.webp",
            "x/y/z/3.bmp",
            "x/y/z/w/4.PNG",
            "notes.txt",
            ".hidden.jpg",
            "_SUCCESS",
            "_manifest/part-0.jpg",
            ".tmp/t.jpg",
            "x/_faces/f.png",
            "deep/er/still/5.jpg")) {
      Path p = tree.resolve(f);
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[] {1, 2, 3});
    }
  }

  private static Set<String> relative(InputLister.Listing l) {
    return l.files().collect().stream()
        .map(f -> f.path().substring(l.root().length() + 1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void listsImagesRecursivelySkippingHiddenAndUnderscored() {
    InputLister.Listing l = new InputLister(sc, IMAGES, 1000).list(tree.toString());
    assertEquals(
        new TreeSet<>(
            List.of(
                "a.jpg",
                "B.JPEG",
                "c d.png",
                "x/1.Tif",
                "x/y/2.webp",
                "x/y/z/3.bmp",
                "x/y/z/w/4.PNG",
                "deep/er/still/5.jpg")),
        relative(l));
    assertTrue(l.files().collect().stream().allMatch(f -> f.size() == 3 && f.modified() > 0));
  }

  @Test
  void fanOutToExecutorsFindsTheSameFiles() {
    Set<String> onDriver = relative(new InputLister(sc, IMAGES, 1000).list(tree.toString()));
    Set<String> fannedOut = relative(new InputLister(sc, IMAGES, 1).list("file://" + tree));
    assertEquals(onDriver, fannedOut);
  }

  /**
   * A bound on the driver's folders anywhere (inside the root's level of x, deep, _faces…, or
   * deeper) splits the folders between the driver and the executors and finds the same files, once
   * each.
   */
  @Test
  void anyBoundFindsTheSameFilesOnce() {
    Set<String> all = relative(new InputLister(sc, IMAGES, 1000).list(tree.toString()));
    for (int maxDirs = 0; maxDirs <= 8; maxDirs++) {
      InputLister.Listing l = new InputLister(sc, IMAGES, maxDirs).list(tree.toString());
      assertEquals(all, relative(l), "maxDirs " + maxDirs);
      assertEquals(all.size(), l.files().count(), "maxDirs " + maxDirs + ": each file once");
    }
  }

  @Test
  void globRootIsItsFixedPrefix() {
    InputLister.Listing l = new InputLister(sc, IMAGES, 1000).list(tree + "/x/*");
    assertTrue(l.root().endsWith("/x"), l.root());
    assertEquals(
        new TreeSet<>(List.of("1.Tif", "y/2.webp", "y/z/3.bmp", "y/z/w/4.PNG")), relative(l));
  }

  /**
   * The job's own folders under the input are left out wherever they are found: on the driver, and
   * on the executors for the directories past the driver's bound (maxDirs 1 sends everything below
   * the root there); however the URIs are written (plain path, file://). A sibling whose name only
   * starts like the output's is still an input.
   */
  @Test
  void outputAndManifestUnderTheInputAreNeverListed(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (String f :
        List.of(
            "a.jpg",
            "x/1.png",
            "restored/a.jpg",
            "restored/x/1.png",
            "restored-old/keep.jpg",
            "x/y/deep out/2.jpg",
            "x/y/3.jpg",
            "runs/m.png",
            "runs/run_id=1/part-0.jpg")) {
      Path p = photos.resolve(f);
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[] {1, 2, 3});
    }
    Set<String> expected =
        new TreeSet<>(List.of("a.jpg", "x/1.png", "restored-old/keep.jpg", "x/y/3.jpg"));
    for (int maxDirs : new int[] {1000, 1}) {
      List<String> excluded =
          List.of(
              "file://" + photos.resolve("restored"),
              photos + "/x/y/deep out/",
              photos.resolve("runs").toString());
      InputLister.Listing plain =
          new InputLister(sc, IMAGES, maxDirs).list(photos.toString(), excluded);
      assertEquals(expected, relative(plain), "maxDirs " + maxDirs);
      assertEquals(excluded, plain.excludedUnderInput());
      InputLister.Listing uri =
          new InputLister(sc, IMAGES, maxDirs).list("file://" + photos + "/", excluded);
      assertEquals(expected, relative(uri), "file:// input, maxDirs " + maxDirs);
    }
    // A glob whose matches include the output: the match itself is left out.
    InputLister.Listing glob =
        new InputLister(sc, IMAGES, 1000).list(photos + "/*", List.of(photos + "/restored"));
    assertTrue(
        relative(glob).stream().noneMatch(p -> p.startsWith("restored/")),
        relative(glob).toString());
    assertTrue(relative(glob).contains("restored-old/keep.jpg"));
    // Folders elsewhere change nothing and are not reported as under the input.
    InputLister.Listing elsewhere =
        new InputLister(sc, IMAGES, 1000)
            .list(
                photos.resolve("x").toString(),
                List.of(photos.resolve("restored").toString(), photos.toString()));
    assertEquals(
        new TreeSet<>(List.of("1.png", "y/3.jpg", "y/deep out/2.jpg")), relative(elsewhere));
    assertEquals(List.of(), elsewhere.excludedUnderInput());
  }

  @Test
  void missingInputIsAJobLevelError() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> new InputLister(sc, IMAGES, 10).list(tree.resolve("nope").toString()));
    assertTrue(e.getMessage().contains("input not found"), e.getMessage());
  }
}
