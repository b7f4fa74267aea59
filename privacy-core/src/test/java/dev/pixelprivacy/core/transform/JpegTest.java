package dev.pixelprivacy.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.io.ImageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegTest {

    static RgbImage photo(String name) throws IOException {
        try (InputStream in = JpegTest.class.getResourceAsStream(name)) {
            return ImageConversions.toRgbImage(ImageIO.read(in));
        }
    }

    /** {mean, 99th percentile} of |a - b| in 8-bit levels. */
    static double[] levelDifference(RgbImage a, RgbImage b) {
        float[] x = a.data();
        float[] y = b.data();
        double[] d = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            d[i] = Math.abs(x[i] - y[i]) * 255.0;
            sum += d[i];
        }
        Arrays.sort(d);
        return new double[] {sum / d.length, d[(int) Math.floor(0.99 * (d.length - 1))]};
    }

    @Test
    void tablesAreLibjpegsQualityScalingOfTheStandardTables() {
        // jpeg_quality_scaling: q = 50 keeps the Annex K tables; q = 75 halves them, (16 * 50 + 50) / 100 = 8.
        assertThat(Jpeg.quality(50).luminanceTable()).startsWith(16, 11, 10, 16, 24, 40, 51, 61, 12, 12);
        assertThat(Jpeg.quality(75).luminanceTable()).startsWith(8, 6, 5, 8, 12, 20, 26, 31, 6, 6);
        assertThat(Jpeg.quality(75).chrominanceTable()).startsWith(9, 9, 12, 24, 50, 50, 50, 50);
        // q = 85: scale 30, 55 * 30 = 1650 -> (1650 + 50) / 100 = 17 (javax.imageio's float scaling gives 16)
        assertThat(Jpeg.quality(85).luminanceTable()[15]).isEqualTo(17);
        assertThat(Jpeg.quality(100).luminanceTable()).containsOnly(1);
        // q = 5: scale 1000, 99 * 10 = 990 is clamped to the baseline maximum 255
        assertThat(Jpeg.quality(5).chrominanceTable()[63]).isEqualTo(255);
    }

    @Test
    void forwardIsWithinTheStatedBoundOfImageIoOnRealPhotos() throws IOException {
        for (String name : new String[] {"chelsea.png", "coffee-crop.png"}) {
            RgbImage img = photo(name);
            for (int q : new int[] {50, 75, 95}) {
                RgbImage real = ImageFiles.jpegRoundTrip(img, q);
                RgbImage surrogate = Jpeg.quality(q).apply(img);
                double[] d = levelDifference(real, surrogate);
                double[] none = levelDifference(real, img);
                String what = name + " q " + q + " mean/p99 " + Arrays.toString(d) + ", uncompressed " + Arrays.toString(none);
                assertThat(d[0]).as(what).isLessThanOrEqualTo(1.1);
                assertThat(d[1]).as(what).isLessThanOrEqualTo(6.0);
                // and closer to the real JPEG than the uncompressed photo is
                assertThat(d[0]).as(what).isLessThan(none[0] / 2);
            }
        }
    }

    @Test
    void linearStagesHaveTheExactAdjoint() {
        // without the rounding surrogate the pipeline is affine (colour matrices, padding, subsampling,
        // DCT, table division and multiplication, upsampling) as long as the clamp is not reached
        for (ImageSize size : new ImageSize[] {new ImageSize(16, 16), new ImageSize(21, 13), new ImageSize(8, 9)}) {
            double[] lr = Adjoints.affineIdentity(Jpeg.withoutRounding(60), size, 11);
            assertThat(lr[1]).as(size.toString()).isCloseTo(lr[0], offset(1e-5 * Math.abs(lr[0])));
        }
    }

    @Test
    void withoutRoundingTheCodecIsNearlyLossless() {
        // only chroma subsampling loses information: a grey image survives exactly (up to float error)
        float[] x = new float[3 * 24 * 16];
        for (int i = 0; i < 24 * 16; i++) {
            x[i] = x[24 * 16 + i] = x[2 * 24 * 16 + i] = (i % 24) / 24f * 0.5f + 0.25f;
        }
        float[] y = Jpeg.withoutRounding(50).forward(x, new ImageSize(24, 16));
        for (int i = 0; i < x.length; i++) {
            assertThat(y[i]).isCloseTo(x[i], offset(2e-5f));
        }
    }

    @Test
    void vjpIsTheDerivativeOfTheSurrogate() {
        // the surrogate is smooth between half-integer coefficients: the central difference at a step
        // whose segment crosses none of them (it agrees with the one at half the step) matches the vjp.
        // Float forward: about 3e-8 error per sample over a step of 1e-3 .. 1e-5, hence 2e-3.
        ImageSize size = new ImageSize(19, 14);
        float[] x = Adjoints.uniform(size.planarLength(), 0.2, 0.8, 21);
        for (int q : new int[] {30, 75, 90}) {
            for (long seed = 0; seed < 3; seed++) {
                float[] d = Adjoints.uniform(size.planarLength(), -1, 1, 22 + seed);
                double[] fv = Adjoints.smoothDirectionalDerivative(Jpeg.quality(q), x, size, d, 1e-3);
                assertThat(fv[0]).as("q " + q + " direction " + seed + ": no step free of jumps").isFinite();
                assertThat(fv[1]).as("q " + q + " direction " + seed).isCloseTo(fv[0], offset(2e-3 * Math.abs(fv[0])));
            }
        }
    }

    @Test
    void surrogateGradientVanishesOnIntegerCoefficients() {
        // a flat grey at a level whose DC coefficient is a multiple of the table entry: u is an integer in
        // every block, the surrogate's derivative 3 (u - round u)^2 is 0, so the whole gradient is 0
        float v = (128 + 16 * 2 / 8f) / 255f; // DC = 8 (v*255 - 128) = 16 * 2 at q 50 (table entry 16)
        float[] x = new float[3 * 16 * 16];
        Arrays.fill(x, v);
        float[] g = Jpeg.quality(50).vjp(x, new ImageSize(16, 16), Adjoints.uniform(x.length, -1, 1, 3));
        for (float gi : g) {
            assertThat(gi).isCloseTo(0f, offset(1e-6f));
        }
    }

    @Test
    void qualityOutsideOneToHundredIsRefused() {
        assertThatThrownBy(() -> Jpeg.quality(0)).hasMessageContaining("JPEG quality").hasMessageContaining("0");
        assertThatThrownBy(() -> Jpeg.quality(101)).hasMessageContaining("101");
    }
}
