package dev.pixelprivacy.filters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {
    @Test
    void matchesTheDirectDftForEveryPowerOfTwoUpTo128() {
        Random rnd = new Random(61);
        for (int n = 1; n <= 128; n *= 2) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = rnd.nextGaussian();
                im[i] = rnd.nextGaussian();
            }
            double[] dr = new double[n];
            double[] di = new double[n];
            for (int k = 0; k < n; k++) {
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * k * t / n;
                    dr[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                    di[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                }
            }
            new Fft(n).transform(re, im, false);
            for (int k = 0; k < n; k++) {
                // O(n) double sums of unit-size terms: 1e-9 is far above their rounding
                assertThat(re[k]).as("n=%d k=%d", n, k).isCloseTo(dr[k], within(1e-9));
                assertThat(im[k]).as("n=%d k=%d", n, k).isCloseTo(di[k], within(1e-9));
            }
        }
    }

    @Test
    void inverseUndoesTheForwardTransformIn2d() {
        Random rnd = new Random(62);
        int w = 16;
        int h = 8;
        double[] re = new double[w * h];
        double[] im = new double[w * h];
        for (int i = 0; i < re.length; i++) {
            re[i] = rnd.nextDouble();
        }
        double[] orig = re.clone();
        Fft.transform2d(re, im, w, h, false);
        assertThat(re[0]).isCloseTo(java.util.Arrays.stream(orig).sum(), within(1e-12));
        Fft.transform2d(re, im, w, h, true);
        for (int i = 0; i < re.length; i++) {
            assertThat(re[i]).isCloseTo(orig[i], within(1e-12));
            assertThat(im[i]).isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void lengthsThatAreNotPowersOfTwoAreRefused() {
        assertThatThrownBy(() -> new Fft(48)).hasMessage("FFT length must be a power of two >= 1 but was 48");
    }
}
