package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SobelGradientTest {
    @Test
    void rampGivesEightTimesTheSlopeInTheInterior() {
        int w = 16;
        int h = 12;
        float[] p = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = 0.03f * x - 0.02f * y + 0.5f;
            }
        }
        float[][] g = SobelGradient.gradient(p, null, null, w, h, Parallelism.sequential());
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                // values are sums of a few float products of size ~1: 1e-5 covers their rounding
                assertThat((double) g[0][y * w + x]).isCloseTo(8 * 0.03, within(1e-5));
                assertThat((double) g[1][y * w + x]).isCloseTo(-8 * 0.02, within(1e-5));
            }
        }
        // reflect border repeats the edge sample: the central difference spans one step, not two
        assertThat((double) g[0][5 * w]).isCloseTo(4 * 0.03, within(1e-5));
    }

    @Test
    void verticalStepGivesFourOnTheTwoColumnsBesideIt() {
        int w = 10;
        int h = 6;
        float[] p = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 5; x < w; x++) {
                p[y * w + x] = 1f;
            }
        }
        float[] mag = SobelGradient.magnitude(p, null, w, h, Parallelism.sequential());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertThat(mag[y * w + x]).isEqualTo(x == 4 || x == 5 ? 4f : 0f);
            }
        }
    }

    @Test
    void matchesTheNaiveDefinitionOnRandomLuminance() {
        Random rnd = new Random(21);
        int w = 33;
        int h = 19;
        float[] rgb = NaiveFilters.randomPlane(rnd, 3 * w * h);
        RgbImage img = RgbImage.of(w, h, rgb);
        double[] lum = NaiveFilters.luminance(rgb, w, h);
        double[][] ref = NaiveFilters.sobel(lum, w, h);
        float[] mag = SobelGradient.luminanceMagnitude(img, Parallelism.sequential());
        for (int i = 0; i < w * h; i++) {
            assertThat((double) mag[i]).isCloseTo(Math.hypot(ref[0][i], ref[1][i]), within(1e-5));
        }
    }

    @Test
    void multiThreadedEqualsSingleThreadedBitForBit() {
        Random rnd = new Random(22);
        float[] p = NaiveFilters.randomPlane(rnd, 211 * 157);
        float[] one = SobelGradient.magnitude(p, null, 211, 157, Parallelism.sequential());
        try (Parallelism two = Parallelism.threads(2)) {
            assertThat(SobelGradient.magnitude(p, null, 211, 157, two)).isEqualTo(one);
        }
    }
}
