package dev.pixelprivacy.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    @Test
    void identicalImagesHaveInfinitePsnrAndSsimOne() {
        RgbImage a = TestImages.uniform(32, 24, 0f, 1f, 1);
        assertThat(ImageMetrics.psnr(a, a)).isInfinite();
        assertThat(ImageMetrics.ssim(a, a)).isCloseTo(1.0, offset(1e-12));
        assertThat(ImageMetrics.linf(a, a)).isZero();
        assertThat(ImageMetrics.l2(a, a)).isZero();
    }

    @Test
    void constantShiftGivesTheAnalyticPsnrLinfAndL2() {
        RgbImage a = TestImages.uniform(20, 20, 0.2f, 0.7f, 2);
        float[] d = a.copyOfData();
        for (int i = 0; i < d.length; i++) {
            d[i] += 0.1f;
        }
        RgbImage b = RgbImage.of(20, 20, d);
        // MSE = 0.01, so PSNR = 10 log10(1 / 0.01) = 20 dB; float rounding of the shift is ~1e-8.
        assertThat(ImageMetrics.psnr(a, b)).isCloseTo(20.0, offset(1e-4));
        assertThat(ImageMetrics.linf255(a, b)).isCloseTo(25.5, offset(1e-4));
        assertThat(ImageMetrics.l2(a, b)).isCloseTo(0.1 * Math.sqrt(3 * 400), offset(1e-4));
    }

    @Test
    void ssimOfTwoConstantImagesIsTheLuminanceTermAlone() {
        // Zero variance and covariance: SSIM = (2ab + C1) / (a^2 + b^2 + C1) exactly (Wang et al. eq. 13).
        double a = 0.4;
        double b = 0.6;
        RgbImage x = RgbImage.filled(16, 16, (float) a, (float) a, (float) a);
        RgbImage y = RgbImage.filled(16, 16, (float) b, (float) b, (float) b);
        double expected = (2 * a * b + C1) / (a * a + b * b + C1);
        assertThat(ImageMetrics.ssim(x, y)).isCloseTo(expected, offset(1e-6));
    }

    @Test
    void ssimAndPsnrOfGaussianNoiseOnAFlatImageMatchTheirExpectations() {
        // Flat grey 0.5 plus i.i.d. N(0, s^2) noise per sample (no clipping at this level).
        // PSNR = 10 log10(1 / s^2). Luminance noise variance is s^2 (0.299^2 + 0.587^2 + 0.114^2); a
        // Gaussian-weighted window estimates it as var * (1 - sum w^2). With equal means and zero
        // covariance, SSIM = C2 / (var_est + C2).
        double s = 0.05;
        int n = 256;
        SplittableRandom r = new SplittableRandom(3);
        float[] d = new float[3 * n * n];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (0.5 + s * LinearSoftmaxModel.gaussian(r));
        }
        RgbImage flat = RgbImage.filled(n, n, 0.5f, 0.5f, 0.5f);
        RgbImage noisy = RgbImage.of(n, n, d);
        assertThat(ImageMetrics.psnr(flat, noisy)).isCloseTo(10 * Math.log10(1 / (s * s)), offset(0.05));

        double lumVar = s * s * (0.299 * 0.299 + 0.587 * 0.587 + 0.114 * 0.114);
        double sumW2 = 0;
        double[] g = new double[11];
        double gs = 0;
        for (int i = 0; i < 11; i++) {
            g[i] = Math.exp(-(i - 5) * (i - 5) / (2 * 1.5 * 1.5));
            gs += g[i];
        }
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                sumW2 += (g[i] / gs) * (g[i] / gs) * (g[j] / gs) * (g[j] / gs);
            }
        }
        double expected = C2 / (lumVar * (1 - sumW2) + C2);
        // Tolerance: the per-window ratio is non-linear in the estimated variance (Jensen), about 2%.
        assertThat(ImageMetrics.ssim(flat, noisy)).isCloseTo(expected, offset(0.02 * expected + 0.005));
    }

    @Test
    void ssimIsSymmetricAndBelowOneForDifferentImages() {
        RgbImage a = TestImages.uniform(40, 30, 0f, 1f, 4);
        RgbImage b = TestImages.uniform(40, 30, 0f, 1f, 5);
        assertThat(ImageMetrics.ssim(a, b)).isCloseTo(ImageMetrics.ssim(b, a), offset(1e-12)).isLessThan(0.2);
    }

    @Test
    void ssimRefusesImagesSmallerThanItsWindowAndMismatchedSizes() {
        RgbImage small = RgbImage.filled(10, 40, 0f, 0f, 0f);
        assertThatThrownBy(() -> ImageMetrics.ssim(small, small)).hasMessageContaining("11x11").hasMessageContaining("10x40");
        assertThatThrownBy(() -> ImageMetrics.psnr(small, RgbImage.filled(40, 10, 0f, 0f, 0f)))
                .hasMessageContaining("10x40").hasMessageContaining("40x10");
    }

    @Test
    void top1AccuracyCountsAgreements() {
        assertThat(Accuracy.top1(new int[] {1, 2, 3, 4}, new int[] {1, 0, 3, 0})).isEqualTo(0.5);
        assertThat(Accuracy.top1(new int[0], new int[0])).isNaN();
        assertThatThrownBy(() -> Accuracy.top1(new int[1], new int[2])).hasMessageContaining("1 predictions but 2 labels");
    }
}
