package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.TestImages;
import org.junit.jupiter.api.Test;

class EdgeMapTest {
    private static final int[][] PIXELS = {{0, 0}, {5, 3}, {9, 11}, {9, 12}, {17, 23}, {3, 20}};


    @Test
    void paperEdgeMapMatchesScipy() {
        // Golden values from scipy 1.17.1 / numpy 2.4: lum = 0.299R+0.587G+0.114B (float32),
        // hypot(ndimage.sobel(lum, 1), ndimage.sobel(lum, 0)), ndimage.gaussian_filter(., 10) in float64,
        // min-max. Tolerance 1e-5: our blur runs in float32.
        Mask e = EdgeMap.builder().method(GaussianBlur.Method.EXACT).build().compute(TestImages.edgeMapGolden());
        double[] expected = {1.0, 0.949345, 0.533571, 0.468043, 0.0, 0.051349};
        for (int i = 0; i < PIXELS.length; i++) {
            assertThat((double) e.get(PIXELS[i][0], PIXELS[i][1])).isCloseTo(expected[i], within(1e-5));
        }
        assertThat(e.mean()).isCloseTo(0.500328, within(1e-5));
        assertThat(count(EdgeMap.textureGate(e))).isEqualTo(216);
    }

    private static int count(Mask m) {
        int n = 0;
        for (float v : m.data()) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void flatAreaRuleZeroesTheFlatHalfAndKeepsTheTexturedHalf() {
        int w = 240;
        int h = 64;
        Mask gated = EdgeMap.flatAreasRemoved(EdgeMap.paper().compute(TestImages.noiseLeftFlatRight(w, h, 41)));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x >= w / 2 + 30) {
                    // 3 sigma beyond the texture's edge the blurred Sobel energy is far below the mean;
                    // closer in, the blur spreads texture energy into the flat half by design
                    assertThat(gated.get(y, x)).as("(%d,%d)", y, x).isZero();
                } else if (x < w / 2 - 20) {
                    assertThat(gated.get(y, x)).as("(%d,%d)", y, x).isPositive();
                }
            }
        }
    }

    @Test
    void salientDefenceMapIsZeroOnFlatAndOnSalientAreas() {
        int w = 160;
        int h = 64;
        RgbImage img = TestImages.noiseLeftFlatRight(w, h, 42);
        Mask e = EdgeMap.paper().compute(img);
        float[] r = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r[y * w + x] = y < h / 2 ? 1f : 0f; // bottom half salient (R = 0)
            }
        }
        Mask m = SalientDefenceMap.combine(Mask.of(w, h, r), e);
        assertThat(m.get(10, 10)).isEqualTo(1f);
        assertThat(m.get(50, 10)).isZero();
        assertThat(m.get(10, 150)).isZero();
    }

    @Test
    void multiThreadedEqualsSingleThreadedBitForBit() {
        RgbImage img = TestImages.noiseLeftFlatRight(301, 203, 43);
        Mask one = EdgeMap.paper().compute(img, Parallelism.sequential());
        try (Parallelism two = Parallelism.threads(2)) {
            assertThat(EdgeMap.paper().compute(img, two)).isEqualTo(one);
        }
    }
}
