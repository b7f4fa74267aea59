package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EdgeMapTest {
    private static final int[][] PIXELS = {{0, 0}, {5, 3}, {9, 11}, {9, 12}, {17, 23}, {3, 20}};

    /** The image of the scipy goldens: left half a modular pattern, right half constant per channel. */
    private static RgbImage goldenImage() {
        int w = 24;
        int h = 18;
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = x < 12 ? ((x * 7 + y * 13 + c * 29) % 17) / 16f : 0.25f + 0.5f * c / 2;
                }
            }
        }
        return RgbImage.of(w, h, d);
    }

    @Test
    void paperEdgeMapMatchesScipy() {
        // Golden values from scipy 1.17.1 / numpy 2.4: lum = 0.299R+0.587G+0.114B (float32),
        // hypot(ndimage.sobel(lum, 1), ndimage.sobel(lum, 0)), ndimage.gaussian_filter(., 10) in float64,
        // min-max. Tolerance 1e-5: our blur runs in float32.
        Mask e = EdgeMap.builder().method(GaussianBlur.Method.EXACT).build().compute(goldenImage());
        double[] expected = {1.0, 0.949345, 0.533571, 0.468043, 0.0, 0.051349};
        for (int i = 0; i < PIXELS.length; i++) {
            assertThat((double) e.get(PIXELS[i][0], PIXELS[i][1])).isCloseTo(expected[i], within(1e-5));
        }
        assertThat(e.mean()).isCloseTo(0.500328, within(1e-5));
        assertThat(count(EdgeMap.textureGate(e))).isEqualTo(216);
    }

    @Test
    void referenceEdgeMapMatchesTheAuthorsCode() {
        // Golden values: the authors' salient_defence.py lines run with scipy 1.17.1 on the float32
        // ImageNet-normalised tensor of this image: dx = ndimage.sobel(t, 0), dy = ndimage.sobel(t, 1),
        // mag = hypot; mag *= 255 / max; gaussian_filter(mag, 10); transpose; dot [0.2989, 0.5870, 0.1140];
        // min-max. Tolerance 1e-5 for float32 rounding orders. Note how the channel derivative makes the
        // flat right half look "edgy": the quirk this variant exists to reproduce.
        Mask e = ReferenceEdgeMap.compute(goldenImage(), Parallelism.sequential());
        double[] expected = {0.002749, 0.051074, 0.461594, 0.527017, 1.0, 0.943749};
        for (int i = 0; i < PIXELS.length; i++) {
            assertThat((double) e.get(PIXELS[i][0], PIXELS[i][1])).isCloseTo(expected[i], within(1e-5));
        }
        assertThat(e.mean()).isCloseTo(0.496734, within(1e-5));
        assertThat(count(EdgeMap.textureGate(e))).isEqualTo(216);
    }

    private static int count(Mask m) {
        int n = 0;
        for (float v : m.data()) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }

    private static RgbImage texturedLeftFlatRight(int w, int h, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = x < w / 2 ? rnd.nextFloat() : 0.4f;
                }
            }
        }
        return RgbImage.of(w, h, d);
    }

    @Test
    void flatAreaRuleZeroesTheFlatHalfAndKeepsTheTexturedHalf() {
        int w = 240;
        int h = 64;
        Mask gated = EdgeMap.flatAreasRemoved(EdgeMap.paper().compute(texturedLeftFlatRight(w, h, 41)));
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
        RgbImage img = texturedLeftFlatRight(w, h, 42);
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
        RgbImage img = texturedLeftFlatRight(301, 203, 43);
        Mask one = EdgeMap.paper().compute(img, Parallelism.sequential());
        try (Parallelism two = Parallelism.threads(2)) {
            assertThat(EdgeMap.paper().compute(img, two)).isEqualTo(one);
            assertThat(ReferenceEdgeMap.compute(img, two)).isEqualTo(ReferenceEdgeMap.compute(img, Parallelism.sequential()));
        }
    }
}
