package io.gpenspark.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
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

class InputListerTest {
  private static final ImagePathFilter IMAGES =
      new ImagePathFilter(List.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp"));
  static @TempDir Path tree;
  static JavaSparkContext sc;

  @BeforeAll
  static void buildTree() throws Exception {
    sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
    for (String f : List.of("a.jpg", "B.JPEG", "c d.png", "x/1.Tif", "x/y/2.webp", "x/y/z/3.bmp", "x/y/z/w/4.PNG",
        "notes.txt", ".hidden.jpg", "_SUCCESS", "_manifest/part-0.jpg", ".tmp/t.jpg", "x/_faces/f.png",
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
    assertEquals(new TreeSet<>(List.of("a.jpg", "B.JPEG", "c d.png", "x/1.Tif", "x/y/2.webp", "x/y/z/3.bmp",
        "x/y/z/w/4.PNG", "deep/er/still/5.jpg")), relative(l));
    assertTrue(l.files().collect().stream().allMatch(f -> f.size() == 3 && f.modified() > 0));
  }

  @Test
  void fanOutToExecutorsFindsTheSameFiles() {
    Set<String> onDriver = relative(new InputLister(sc, IMAGES, 1000).list(tree.toString()));
    Set<String> fannedOut = relative(new InputLister(sc, IMAGES, 1).list("file://" + tree));
    assertEquals(onDriver, fannedOut);
  }

  @Test
  void globRootIsItsFixedPrefix() {
    InputLister.Listing l = new InputLister(sc, IMAGES, 1000).list(tree + "/x/*");
    assertTrue(l.root().endsWith("/x"), l.root());
    assertEquals(new TreeSet<>(List.of("1.Tif", "y/2.webp", "y/z/3.bmp", "y/z/w/4.PNG")), relative(l));
  }

  @Test
  void missingInputIsAJobLevelError() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> new InputLister(sc, IMAGES, 10).list(tree.resolve("nope").toString()));
    assertTrue(e.getMessage().contains("input not found"), e.getMessage());
  }
}
