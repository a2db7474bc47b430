package io.gpenspark.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AlignmentTemplateTest {

  @Test
  void gpenTemplateAt512IsGpensReferencePoints() {
    double[] expected = {
      202.04, 242.88, 309.43, 242.29, 256.08, 303.96, 211.96, 366.83, 300.89, 366.34
    };
    AlignmentTemplate t = AlignmentTemplate.gpen(512);
    assertEquals(512, t.size());
    assertArrayEquals(expected, t.points(), 0.01);
  }

  @Test
  void gpenTemplateScalesWithTheModelSize() {
    double[] at512 = AlignmentTemplate.gpen(512).points();
    double[] at64 = AlignmentTemplate.gpen(64).points();
    for (int i = 0; i < at512.length; i++) {
      assertEquals(at512[i] / 8, at64[i], 1e-12);
    }
  }

  @Test
  void ffhqTemplateIsFacexlibsAt512AndScales() {
    double[] facexlib = {
      192.98138, 239.94708, 318.90277, 240.1936, 256.63416, 314.01935, 201.26117, 371.41043,
      313.08905, 371.15118
    };
    assertArrayEquals(facexlib, AlignmentTemplate.named("ffhq", 512).points(), 1e-9);
    double[] at256 = AlignmentTemplate.ffhq(256).points();
    for (int i = 0; i < facexlib.length; i++) {
      assertEquals(facexlib[i] / 2, at256[i], 1e-9);
    }
  }

  @Test
  void unknownTemplateIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> AlignmentTemplate.named("arcface", 512));
  }
}
