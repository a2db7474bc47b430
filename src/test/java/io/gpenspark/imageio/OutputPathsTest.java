package io.gpenspark.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Output keys mirror the input's relative path, verbatim, and never leave the output root. */
class OutputPathsTest {
  private static final OutputPaths S3 =
      new OutputPaths("s3a://scans/1950", "s3a://restored/1950", new OutputFormat("same", 95));
  private static final OutputPaths LOCAL =
      new OutputPaths("file:/data/in", "file:/data/out", new OutputFormat("png", 95));

  @Test
  void mirrorsRelativePathsWithTheFormatsExtension() {
    assertEquals(
        "s3a://restored/1950/family/a b.JPG", S3.outputFor("s3a://scans/1950/family/a b.JPG"));
    assertEquals("file:/data/out/x/y.png", LOCAL.outputFor("file:/data/in/x/y.jpg"));
    assertEquals(
        "file:/data/out/_faces/x/y_face01_restored.png",
        LOCAL.facePath("file:/data/in/x/y.jpg", 1, "restored"));
    assertEquals(
        "s3a://truth/1950/family/a.jpg",
        S3.under("s3a://truth/1950/", "s3a://scans/1950/family/a.jpg"));
    assertEquals(
        "s3a://restored/1950/one.jpg",
        new OutputPaths(
                "s3a://scans/1950/one.jpg", "s3a://restored/1950", new OutputFormat("same", 95))
            .outputFor("s3a://scans/1950/one.jpg"),
        "a single file as input");
  }

  @Test
  void awkwardAndPercentEncodedNamesStayLiteralAndInside() {
    for (String name :
        List.of(
            "..%2F..%2Fetc%2Fpasswd.jpg",
            "%2e%2e.jpg",
            "a%2Fb.jpg",
            "q?.jpg",
            "h#1.jpg",
            "p+q.jpg",
            "10:30.jpg",
            "ünï 写真.jpg",
            " lead.jpg",
            "..\\..\\win.jpg",
            "...jpg",
            "..x.jpg")) {
      String out = S3.outputFor("s3a://scans/1950/" + name);
      assertEquals("s3a://restored/1950/" + name, out);
      Path p = new Path(out);
      assertEquals("/1950/" + name, p.toUri().getPath(), "Hadoop reads the name verbatim: " + name);
      assertEquals(name, p.getName());
    }
  }

  @Test
  void refusesKeysThatWouldLeaveTheOutputRoot() {
    for (String input :
        List.of(
            "s3a://scans/1950/../../etc/x.jpg", // object keys may hold '..' segments
            "s3a://scans/1950/a/../../../x.jpg",
            "s3a://scans/1950/./x.jpg",
            "s3a://scans/1950//x.jpg", // an empty segment: an absolute key below the root
            "s3a://scans/1950/a//x.jpg",
            "s3a://scans/1950/..",
            "s3a://scans/1951/x.jpg", // beside the root, not below it
            "s3a://scans/19500/x.jpg",
            "s3a://other/1950/x.jpg")) {
      for (Runnable r :
          List.<Runnable>of(
              () -> S3.outputFor(input),
              () -> S3.facePath(input, 0, "aligned"),
              () -> S3.under("s3a://truth/1950", input))) {
        ImageFailure f = assertThrows(ImageFailure.class, r::run, input);
        assertEquals(ErrorCode.WRITE_ERROR, f.code());
        assertTrue(f.getMessage().contains("outside the output root"), f.getMessage());
      }
    }
  }
}
