package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/**
 * The aligned-corner taps against PyTorch's {@code F.interpolate(..., mode='linear', align_corners=True)}
 * (the same definition as TensorFlow's {@code resizeBilinear(alignCorners = true)}): the dense weight
 * matrices below are PyTorch 1.13's, printed by
 * {@code F.interpolate(torch.eye(i).reshape(i, 1, i), size=o, mode='linear', align_corners=True).reshape(i, o).T}
 * (float32, hence the 1e-6 tolerance).
 */
class AlignCornersAxisTest {

    private static void assertMatrix(AlignCornersAxis a, double[][] torch) {
        for (int o = 0; o < torch.length; o++) {
            double sum = 0;
            for (int i = 0; i < torch[o].length; i++) {
                assertThat(a.weight(o, i)).as("weight of input %d in output %d", i, o).isCloseTo(torch[o][i], offset(1e-6));
                sum += a.weight(o, i);
            }
            assertThat(sum).as("row %d sums to one", o).isCloseTo(1, offset(1e-6));
        }
    }

    @Test
    void upsamplingFiveToEightMatchesPyTorch() {
        assertMatrix(AlignCornersAxis.of(5, 8), new double[][] {
            {1.0, 0.0, 0.0, 0.0, 0.0}, {0.4285714, 0.5714286, 0.0, 0.0, 0.0}, {0.0, 0.8571428, 0.1428572, 0.0, 0.0},
            {0.0, 0.2857142, 0.7142858, 0.0, 0.0}, {0.0, 0.0, 0.7142856, 0.2857144, 0.0}, {0.0, 0.0, 0.142857, 0.857143, 0.0},
            {0.0, 0.0, 0.0, 0.5714284, 0.4285716}, {0.0, 0.0, 0.0, 0.0, 1.0}});
    }

    @Test
    void downsamplingEightToThreeMatchesPyTorch() {
        assertMatrix(AlignCornersAxis.of(8, 3), new double[][] {
            {1, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0.5, 0.5, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 1}});
    }

    @Test
    void nsfwjsSizeKeepsBothCornersAndMatchesPyTorchInside() {
        // 299 -> 224 (a photo side to MobileNetV2's input): PyTorch's nonzero weights of outputs 0, 1, 100, 223
        // (the larger weight of rows 1 and 100: 0.6636771 on input 1, 0.6322904 on input 134)
        AlignCornersAxis a = AlignCornersAxis.of(299, 224);
        assertThat(a.weight(0, 0)).isEqualTo(1.0);
        assertThat(a.weight(223, 298)).isEqualTo(1.0);
        assertThat(a.weight(1, 1)).isCloseTo(0.6636771, offset(1e-6));
        assertThat(a.weight(1, 2)).isCloseTo(1 - 0.6636771, offset(1e-6));
        // source 100 * 298 / 223 = 133.632287: PyTorch's float32 coordinate there is 1.5e-5 coarse (0.6322904), so
        // the exact fraction is the reference, and PyTorch's value is matched within its coordinate's rounding
        assertThat(a.weight(100, 134)).isCloseTo(29800.0 / 223 - 133, offset(1e-7)).isCloseTo(0.6322904, offset(1e-5));
        assertThat(a.weight(100, 133)).isCloseTo(134 - 29800.0 / 223, offset(1e-7));
    }

    @Test
    void aSingleOutputReadsTheFirstInputAndBadSizesAreRefused() {
        assertThat(AlignCornersAxis.of(7, 1).weight(0, 0)).isEqualTo(1.0);
        assertThatThrownBy(() -> AlignCornersAxis.of(0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in 0");
    }
}
