package dev.pixelprivacy.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code <T x, y> = <x, T* y>} for the linear transforms and chains, the vjp against finite differences for the others. */
class TransformAdjointTest {
    private static final ImageSize SIZE = new ImageSize(29, 18);

    private static void assertAdjoint(DifferentiableTransform t, ImageSize size) {
        double[] lr = Adjoints.affineIdentity(t, size, 31);
        assertThat(lr[1]).as(t.toString()).isCloseTo(lr[0], offset(1e-5 * Math.abs(lr[0])));
    }

    @Test
    void linearTransformsHaveExactAdjoints() {
        for (DifferentiableTransform t : List.of(Crop.of(3, 2, 20, 11), Crop.fraction(0.7, 0.3, 0.9),
                Shift.of(4, -3), Shift.of(-40, 2), ColourJitter.of(1.2, 0.7, 1.5), ColourJitter.of(0.8, 1.3, 0.0),
                TransformChain.of())) {
            assertAdjoint(t, SIZE);
        }
    }

    @Test
    void aChainOfLinearStepsHasTheExactAdjoint() {
        assertAdjoint(TransformChain.of(Resize.longSide(21, ResizeKernel.LANCZOS, false), Crop.fraction(0.8, 0.5, 0.1),
                Shift.of(2, 1), ColourJitter.of(1.1, 0.9, 1.2), Resize.to(30, 25, ResizeKernel.BICUBIC),
                Jpeg.withoutRounding(80)), SIZE);
    }

    @Test
    void gammaVjpIsItsDerivative() {
        float[] x = Adjoints.uniform(SIZE.planarLength(), 0.1, 0.9, 1);
        float[] d = Adjoints.uniform(SIZE.planarLength(), -1, 1, 2);
        for (double g : new double[] {0.6, 1.0, 2.2}) {
            double[] fv = Adjoints.smoothDirectionalDerivative(Gamma.of(g), x, SIZE, d, 1e-4);
            assertThat(fv[0]).as("gamma " + g).isFinite();
            assertThat(fv[1]).as("gamma " + g).isCloseTo(fv[0], offset(1e-4 * Math.abs(fv[0])));
        }
    }

    @Test
    void aChainWithNonlinearStepsAppliesTheVjpsInReverse() {
        TransformChain chain = TransformChain.of(Resize.longSide(16, ResizeKernel.BILINEAR, false), Gamma.of(0.8),
                Shift.of(1, 2), Jpeg.quality(70), ColourJitter.of(1.1, 0.9, 1.1));
        float[] x = Adjoints.uniform(SIZE.planarLength(), 0.2, 0.8, 4);
        float[] d = Adjoints.uniform(SIZE.planarLength(), -1, 1, 5);
        double[] fv = Adjoints.smoothDirectionalDerivative(chain, x, SIZE, d, 1e-3);
        assertThat(fv[0]).as("no step free of jumps").isFinite();
        assertThat(fv[1]).isCloseTo(fv[0], offset(2e-3 * Math.abs(fv[0])));
    }

    @Test
    void chainOutputSizeComposesTheSteps() {
        TransformChain chain = TransformChain.of(Resize.longSide(100, ResizeKernel.AREA, false), Crop.fraction(0.5, 0, 0));
        assertThat(chain.outputSize(new ImageSize(400, 300))).isEqualTo(new ImageSize(50, 38));
        assertThat(chain.toString()).contains("resize").contains("->").contains("crop");
    }

    @Test
    void shiftReplicatesTheEdge() {
        float[] x = new float[3 * 3 * 1];
        x[0] = 0.1f;
        x[1] = 0.2f;
        x[2] = 0.3f;
        float[] y = Shift.of(1, 0).forward(x, new ImageSize(3, 1));
        assertThat(y[0]).isEqualTo(0.1f);
        assertThat(y[1]).isEqualTo(0.1f);
        assertThat(y[2]).isEqualTo(0.2f);
    }

    @Test
    void applyClampsAndPullBackZeroesTheClampedSamples() {
        RgbImage img = TestImages.uniform(8, 6, 0.5f, 1f, 9);
        ColourJitter bright = ColourJitter.of(1.8, 1, 1);
        RgbImage out = bright.apply(img);
        float[] g = new float[out.data().length];
        java.util.Arrays.fill(g, 1f);
        float[] back = bright.pullBack(img, g);
        for (int i = 0; i < back.length; i++) {
            // 1.8 v >= 0.9; samples above 1/1.8 are clamped and get no gradient, the others get 1.8
            float expected = img.data()[i] * 1.8f > 1f ? 0f : 1.8f;
            assertThat(back[i]).isCloseTo(expected, offset(1e-5f));
            assertThat(out.data()[i]).isLessThanOrEqualTo(1f);
        }
        ImageGradient batchBack = bright.pullBack(ImageBatch.of(img, img),
                ImageGradient.wrap(2, 8, 6, new float[2 * g.length]));
        assertThat(batchBack.size()).isEqualTo(2);
    }

    @Test
    void cropThatDoesNotFitIsRefusedNamingTheSizes() {
        assertThatThrownBy(() -> Crop.of(10, 0, 25, 5).outputSize(SIZE)).hasMessageContaining("25x5")
                .hasMessageContaining("29x18");
        assertThatThrownBy(() -> Crop.fraction(0, 0, 0)).hasMessageContaining("0.0");
        assertThatThrownBy(() -> Gamma.of(-1)).hasMessageContaining("gamma").hasMessageContaining("-1");
        assertThatThrownBy(() -> ColourJitter.of(1, -0.5, 1)).hasMessageContaining("contrast");
    }
}
