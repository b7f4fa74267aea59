package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResizeTest {
    private static double mean(float[] p) {
        double s = 0;
        for (float v : p) {
            s += v;
        }
        return s / p.length;
    }

    @Test
    void areaDownsamplingPreservesTheMeanForAnyRatio() {
        Random rnd = new Random(31);
        float[] src = NaiveFilters.randomPlane(rnd, 37 * 23);
        for (int[] size : new int[][] {{10, 7}, {1, 1}, {36, 22}, {5, 23}}) {
            float[] out = Resize.plane(src, 37, 23, size[0], size[1]);
            // each output is an exact area average; only float rounding of the stored results differs
            assertThat(mean(out)).as(Arrays.toString(size)).isCloseTo(mean(src), within(1e-6));
        }
    }

    @Test
    void areaDownsamplingByAnIntegerFactorAveragesBlocks() {
        float[] src = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(Resize.plane(src, 4, 2, 2, 1)).containsExactly(3.5f, 5.5f);
    }

    @Test
    void bilinearUpsamplingByAnIntegerFactorPreservesTheMean() {
        Random rnd = new Random(32);
        float[] src = NaiveFilters.randomPlane(rnd, 9 * 7);
        float[] out = Resize.plane(src, 9, 7, 27, 14);
        assertThat(mean(out)).isCloseTo(mean(src), within(1e-6));
        // half-pixel centres: output 1 of a 2x upsampling of [0, 1] sits at u = 0.25
        assertThat(Resize.plane(new float[] {0, 1}, 2, 1, 4, 1)).containsExactly(0f, 0.25f, 0.75f, 1f);
    }

    @Test
    void constantImagesStayConstantAtAnySize() {
        float[] src = new float[13 * 11];
        Arrays.fill(src, 0.6f);
        for (int[] size : new int[][] {{4, 3}, {40, 29}, {13, 50}, {1, 11}}) {
            for (float v : Resize.plane(src, 13, 11, size[0], size[1])) {
                assertThat((double) v).isCloseTo(0.6, within(1e-6));
            }
        }
    }
}
