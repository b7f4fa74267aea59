package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.filters.GaussianBlur.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GaussianBlurTest {
    /** float sums of up to (2R+1)^2 products of values <= 1: a few ulps of 1 each. */
    private static final double FLOAT_TOL = 2e-6;

    private static GaussianBlur exact(double sigma) {
        return GaussianBlur.builder(sigma).method(Method.EXACT).build();
    }

    private static GaussianBlur fast(double sigma) {
        return GaussianBlur.builder(sigma).method(Method.FAST).build();
    }

    @Test
    void impulseResponseIsTheSampledNormalisedGaussian() {
        double sigma = 2.5;
        int w = 41;
        int h = 41;
        float[] src = new float[w * h];
        src[20 * w + 20] = 1f;
        float[] out = exact(sigma).blurPlane(src, w, h);
        int radius = GaussianBlur.defaultRadius(sigma);
        assertThat(radius).isEqualTo(10);
        double norm = 0;
        for (int k = -radius; k <= radius; k++) {
            norm += Math.exp(-0.5 * k * k / (sigma * sigma));
        }
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dy = y - 20;
                int dx = x - 20;
                double expected = Math.abs(dx) <= radius && Math.abs(dy) <= radius
                        ? Math.exp(-0.5 * (dx * dx + dy * dy) / (sigma * sigma)) / (norm * norm) : 0;
                assertThat((double) out[y * w + x]).as("(%d,%d)", y, x).isCloseTo(expected, within(1e-7));
                sum += out[y * w + x];
            }
        }
        assertThat(sum).isCloseTo(1.0, within(FLOAT_TOL));
    }

    @Test
    void fastImpulseResponseSumsToOneAndHasVarianceSigmaSquared() {
        double sigma = 6;
        int w = 121;
        float[] src = new float[w];
        src[60] = 1f;
        float[] out = fast(sigma).blurPlane(src, w, 1);
        double sum = 0;
        double var = 0;
        for (int x = 0; x < w; x++) {
            sum += out[x];
            var += out[x] * (x - 60.0) * (x - 60.0);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-5));
        // the extended box cascade matches the variance exactly (Gwosdek et al. 2011); float rounding only
        assertThat(var).isCloseTo(sigma * sigma, within(1e-3));
    }

    @Test
    void exactMatchesTheNaiveTwoDimensionalConvolutionIncludingBorders() {
        Random rnd = new Random(11);
        int w = 37;
        int h = 23;
        float[] src = NaiveFilters.randomPlane(rnd, w * h);
        for (double sigma : new double[] {0.7, 1.0, 3.0, 7.0}) {
            GaussianBlur g = exact(sigma);
            double[] ref = NaiveFilters.gaussian2d(src, w, h, sigma, g.radius());
            assertThat(NaiveFilters.maxAbsDiff(g.blurPlane(src, w, h), ref)).as("sigma %s", sigma)
                    .isLessThan(FLOAT_TOL);
        }
    }

    @Test
    void isSeparableRowsThenColumnsEqualsOneTwoDimensionalPass() {
        Random rnd = new Random(12);
        int w = 30;
        int h = 20;
        float[] src = NaiveFilters.randomPlane(rnd, w * h);
        GaussianBlur g = exact(2.0);
        float[] rowsOnly = new float[w * h];
        // blur each row as a 1-row image, then each column as a 1-column image
        for (int y = 0; y < h; y++) {
            float[] row = Arrays.copyOfRange(src, y * w, (y + 1) * w);
            System.arraycopy(g.blurPlane(row, w, 1), 0, rowsOnly, y * w, w);
        }
        float[] both = new float[w * h];
        for (int x = 0; x < w; x++) {
            float[] col = new float[h];
            for (int y = 0; y < h; y++) {
                col[y] = rowsOnly[y * w + x];
            }
            float[] b = g.blurPlane(col, 1, h);
            for (int y = 0; y < h; y++) {
                both[y * w + x] = b[y];
            }
        }
        assertThat(NaiveFilters.maxAbsDiff(g.blurPlane(src, w, h), both)).isLessThan(FLOAT_TOL);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 3, 10, 25})
    void constantImagesAreUnchanged(double sigma) {
        for (Method m : Method.values()) {
            GaussianBlur g = GaussianBlur.builder(sigma).method(m).build();
            float[] src = new float[64 * 48];
            Arrays.fill(src, 0.37f);
            float[] out = g.blurPlane(src, 64, 48);
            for (float v : out) {
                // weights sum to 1 within float rounding; running sums add a few ulps
                assertThat((double) v).as("%s", g).isCloseTo(0.37, within(1e-5));
            }
        }
    }

    @Test
    void reflectBorderRepeatsTheEdgeSample() {
        // 1-D signal [a b c d]: reflect extends it as ... b a | a b c d | d c ...
        float[] src = {1f, 0f, 0f, 0f};
        GaussianBlur g = GaussianBlur.builder(1.0).radius(2).method(Method.EXACT).build();
        float[] k = g.halfKernel();
        float[] out = g.blurPlane(src, 4, 1);
        // out[0] sees offsets -2,-1 -> samples b, a (mirror) and 0 -> a: a has weights k0 + k1 there
        assertThat((double) out[0]).isCloseTo(k[0] + k[1], within(1e-7));
        // out[1] sees offsets -2 -> index -1 -> a (weight k2), -1 -> a (weight k1)
        assertThat((double) out[1]).isCloseTo(k[1] + k[2], within(1e-7));
        assertThat((double) out[2]).isCloseTo(k[2], within(1e-7));
        assertThat((double) out[3]).isCloseTo(0.0, within(1e-7));
    }

    @Test
    void reflectBorderWrapsLikeScipyWhenTheKernelIsLongerThanTheImage() {
        // golden from scipy 1.17.1: ndimage.gaussian_filter1d(np.array([1., 0., 0.],
        // dtype=np.float64), 3.0, truncate=4.0, mode='reflect') -> radius 12 = ceil(4*3)
        float[] out = exact(3.0).blurPlane(new float[] {1f, 0f, 0f}, 3, 1);
        assertThat((double) out[0]).isCloseTo(0.33692771, within(1e-6));
        assertThat((double) out[1]).isCloseTo(0.33332909, within(1e-6));
        assertThat((double) out[2]).isCloseTo(0.32974320, within(1e-6));
    }

    @ParameterizedTest
    @ValueSource(doubles = {2, 3, 4.5, 10, 17.3})
    void fastFormStaysWithinItsStatedErrorOnRandomImages(double sigma) {
        Random rnd = new Random(Double.hashCode(sigma));
        int w = 97;
        int h = 83;
        float[] src = NaiveFilters.randomPlane(rnd, w * h);
        float[] f = fast(sigma).blurPlane(src, w, h);
        float[] e = exact(sigma).blurPlane(src, w, h);
        double bound = fast(sigma).fastErrorBound();
        assertThat(bound).isLessThanOrEqualTo(GaussianBlur.FAST_MAX_ERROR);
        assertThat(NaiveFilters.maxAbsDiff(f, e)).isLessThanOrEqualTo(bound + 1e-5);
    }

    @Test
    void fastFormErrorBoundIsReachedByTheWorstCaseImage() {
        // The image that is 1 where the 2-D kernel difference is positive attains the bound at its centre,
        // which shows the stated bound is the maximum, not a loose guess.
        double sigma = 10;
        GaussianBlur fastBlur = fast(sigma);
        GaussianBlur exactBlur = exact(sigma);
        int size = 2 * 60 + 1;
        float[] impulse = new float[size * size];
        impulse[60 * size + 60] = 1f;
        float[] kf = fastBlur.blurPlane(impulse, size, size);
        float[] ke = exactBlur.blurPlane(impulse, size, size);
        float[] worst = new float[size * size];
        for (int i = 0; i < worst.length; i++) {
            worst[i] = kf[i] > ke[i] ? 1f : 0f;
        }
        int c = 60 * size + 60;
        double diff = fastBlur.blurPlane(worst, size, size)[c] - exactBlur.blurPlane(worst, size, size)[c];
        assertThat(diff).isCloseTo(fastBlur.fastErrorBound(), within(1e-4));
    }

    @Test
    void statedMaximumErrorCoversEverySigmaFromTheMinimumUp() {
        for (double sigma = GaussianBlur.FAST_MIN_SIGMA; sigma <= 64; sigma += 0.25) {
            assertThat(fast(sigma).fastErrorBound()).as("sigma %s", sigma)
                    .isLessThanOrEqualTo(GaussianBlur.FAST_MAX_ERROR);
        }
    }

    @Test
    void autoPicksTheFastFormOnlyForLargeSigmaAndDefaultRadius() {
        assertThat(GaussianBlur.of(1).usesFastForm()).isFalse();
        assertThat(GaussianBlur.of(GaussianBlur.AUTO_FAST_SIGMA).usesFastForm()).isTrue();
        assertThat(GaussianBlur.of(10).usesFastForm()).isTrue();
        assertThat(GaussianBlur.builder(10).radius(30).build().usesFastForm()).isFalse();
    }

    @Test
    void multiThreadedEqualsSingleThreadedBitForBit() {
        Random rnd = new Random(13);
        int w = 301;
        int h = 257;
        float[] src = NaiveFilters.randomPlane(rnd, w * h);
        try (Parallelism two = Parallelism.threads(2); Parallelism three = Parallelism.threads(3)) {
            for (GaussianBlur g : new GaussianBlur[] {exact(1.5), exact(4), fast(3), fast(10)}) {
                float[] one = g.blurPlane(src, null, w, h, null, Parallelism.sequential());
                assertThat(g.blurPlane(src, null, w, h, null, two)).as("%s", g).isEqualTo(one);
                assertThat(g.blurPlane(src, null, w, h, null, three)).as("%s", g).isEqualTo(one);
            }
        }
    }

    @Test
    void blurringAnImageBlursEachChannelAlone() {
        Random rnd = new Random(14);
        int w = 20;
        int h = 15;
        float[] d = NaiveFilters.randomPlane(rnd, 3 * w * h);
        RgbImage img = RgbImage.of(w, h, d.clone());
        RgbImage out = exact(1.2).blur(img);
        for (int c = 0; c < 3; c++) {
            float[] plane = Arrays.copyOfRange(d, c * w * h, (c + 1) * w * h);
            float[] ref = exact(1.2).blurPlane(plane, w, h);
            assertThat(Arrays.copyOfRange(out.data(), c * w * h, (c + 1) * w * h)).isEqualTo(ref);
        }
    }

    @Test
    void invalidSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> GaussianBlur.of(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sigma must be > 0 and finite but was -1.0");
        assertThatThrownBy(() -> GaussianBlur.of(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> GaussianBlur.builder(1).radius(-3).build()).hasMessageContaining("-3");
        assertThatThrownBy(() -> GaussianBlur.of(1).blurPlane(new float[5], 2, 2))
                .hasMessageContaining("5 values but 2x2 needs 4");
        assertThat(GaussianBlur.of(10).toString()).contains("sigma=10.0", "radius=40", "AUTO", "fast");
    }
}
