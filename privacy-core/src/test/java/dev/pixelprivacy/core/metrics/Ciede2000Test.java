package dev.pixelprivacy.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ciede2000Test {
    /**
     * The 34 test pairs of Sharma, Wu and Dalal 2005, Table 1: L1, a1, b1, L2, a2, b2 and Delta E 00 to four
     * decimals (copied from the paper's data file as scikit-image ships it,
     * skimage/color/tests/ciede2000_test_data.txt).
     */
    private static final double[][] SHARMA = {
        {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
        {50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
        {50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412},
        {50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
        {50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461},
        {50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065},
        {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
        {50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977},
        {50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030},
        {50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000},
        {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
        {63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630},
        {61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731},
        {35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645},
        {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
        {36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146},
        {90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441},
        {90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
        {6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377},
        {2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082},
    };

    @Test
    void reproducesEverySharmaTestPairToFourDecimals() {
        assertThat(SHARMA).hasNumberOfRows(34);
        for (double[] p : SHARMA) {
            double d = Ciede2000.deltaE(p[0], p[1], p[2], p[3], p[4], p[5]);
            assertThat(d).as("pair %s", java.util.Arrays.toString(p)).isCloseTo(p[6], offset(0.5e-4));
        }
    }

    @Test
    void isSymmetricAndZeroForEqualColours() {
        for (double[] p : SHARMA) {
            assertThat(Ciede2000.deltaE(p[3], p[4], p[5], p[0], p[1], p[2]))
                    .isCloseTo(Ciede2000.deltaE(p[0], p[1], p[2], p[3], p[4], p[5]), offset(1e-12));
            assertThat(Ciede2000.deltaE(p[0], p[1], p[2], p[0], p[1], p[2])).isZero();
        }
    }

    /** {@code skimage.color.rgb2lab} (scikit-image 0.19.3) of single colours: r, g, b, L, a, b. */
    private static final double[][] SKIMAGE_LAB = {
        {1, 1, 1, 100.0000000000, -0.0024549379, 0.0046534212},
        {1, 0, 0, 53.2405879437, 80.0923082257, 67.2027510444},
        {0.5, 0.5, 0.5, 53.3889647411, -0.0014684965, 0.0027835869},
        {0.2, 0.5, 0.8, 52.2520605790, 2.7760227273, -46.2857138568},
        {0.01, 0.02, 0.03, 1.3000539221, -0.3123502773, -1.1997649952},
    };

    @Test
    void convertsSrgbToLabAsScikitImageDoes() {
        double[] lab = new double[3];
        for (double[] c : SKIMAGE_LAB) {
            Ciede2000.srgbToLab(c[0], c[1], c[2], lab);
            assertThat(lab[0]).isCloseTo(c[3], offset(1e-7));
            assertThat(lab[1]).isCloseTo(c[4], offset(1e-7));
            assertThat(lab[2]).isCloseTo(c[5], offset(1e-7));
        }
    }

    /**
     * Real photo pairs (crops of scikit-image's sample photographs against their JPEG-50 re-encoding and a
     * noisy copy), with mean and max of {@code deltaE_ciede2000(rgb2lab(a / 255), rgb2lab(b / 255))} from
     * scikit-image 0.19.3; the PNGs and numbers come from {@code ciede2000_golden.py} beside them.
     */
    private static final Object[][] PHOTO_PAIRS = {
        {"astronaut", "astronaut-jpeg50", 2.9148243961, 13.3071665789},
        {"astronaut", "astronaut-noise6", 2.8487277032, 7.7861397127},
        {"coffee", "coffee-jpeg50", 1.1949213656, 12.0178073239},
        {"coffee", "coffee-noise6", 1.7105410614, 6.4705332565},
        {"chelsea", "chelsea-jpeg50", 3.0478474657, 14.9766578946},
        {"chelsea", "chelsea-noise6", 2.8748936114, 11.8507979849},
    };

    @Test
    void meanAndMaxOverRealPhotoPairsMatchScikitImage(@TempDir Path dir) throws IOException {
        for (Object[] pair : PHOTO_PAIRS) {
            RgbImage a = photo(dir, (String) pair[0]);
            RgbImage b = photo(dir, (String) pair[1]);
            ColourDifference d = ImageMetrics.ciede2000(a, b);
            // float32 samples of k/255 against skimage's float64: about 1e-8 relative per sample.
            assertThat(d.mean()).as("%s mean", pair[1]).isCloseTo((double) pair[2], offset(1e-5));
            assertThat(d.max()).as("%s max", pair[1]).isCloseTo((double) pair[3], offset(1e-5));
        }
    }

    @Test
    void identicalImagesDifferByZero(@TempDir Path dir) throws IOException {
        RgbImage a = photo(dir, "coffee");
        assertThat(ImageMetrics.ciede2000(a, a)).isEqualTo(new ColourDifference(0, 0));
    }

    @Test
    void refusesImagesOfDifferentSizes() {
        assertThatThrownBy(() -> ImageMetrics.ciede2000(RgbImage.filled(4, 4, 0, 0, 0), RgbImage.filled(4, 5, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4x5");
    }

    private static RgbImage photo(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".png");
        try (InputStream in = Ciede2000Test.class.getResourceAsStream(name + ".png")) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("test resource " + name + ".png is missing"));
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return ImageFiles.read(file);
    }
}
