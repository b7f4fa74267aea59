package dev.pixelprivacy.paper.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlatformChainTest {
    @Test
    void parsesResizeAndJpegStepsInOrder() {
        PlatformChain c = PlatformChain.parse("resize:1080,jpeg:75");
        assertThat(c.steps()).containsExactly(new PlatformChain.Resize(1080, ResizeKernel.LANCZOS),
                new PlatformChain.Jpeg(75));
        assertThat(c.spec()).isEqualTo("resize:1080:lanczos,jpeg:75");
        assertThat(PlatformChain.parse(c.spec())).isEqualTo(c);
        assertThat(PlatformChain.parse(" resize:720:AREA , jpeg:90 ").steps())
                .containsExactly(new PlatformChain.Resize(720, ResizeKernel.AREA), new PlatformChain.Jpeg(90));
        assertThat(PlatformChain.parse("none").isNone()).isTrue();
    }

    @Test
    void aBadStepIsNamedWithTheReason() {
        assertThatThrownBy(() -> PlatformChain.parse("resize:1080,jpeg:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 'jpeg:abc'").hasMessageContaining("whole number but was 'abc'");
        assertThatThrownBy(() -> PlatformChain.parse("jpeg:101")).hasMessageContaining("step 'jpeg:101'")
                .hasMessageContaining("[1, 100] but was 101");
        assertThatThrownBy(() -> PlatformChain.parse("resize:0")).hasMessageContaining("step 'resize:0'")
                .hasMessageContaining("but was 0");
        assertThatThrownBy(() -> PlatformChain.parse("resize:1080:nearest"))
                .hasMessageContaining("unknown resize kernel 'nearest'").hasMessageContaining("lanczos, bilinear, bicubic, area");
        assertThatThrownBy(() -> PlatformChain.parse("blur:3,jpeg:75"))
                .hasMessageContaining("step 'blur:3'").hasMessageContaining("unknown operation 'blur'");
        assertThatThrownBy(() -> PlatformChain.parse("resize:1080,,jpeg:75")).hasMessageContaining("empty step");
        assertThatThrownBy(() -> PlatformChain.parse("jpeg")).hasMessageContaining("step 'jpeg'")
                .hasMessageContaining("jpeg:QUALITY");
        assertThatThrownBy(() -> PlatformChain.parse("resize:10:area:2")).hasMessageContaining("step 'resize:10:area:2'");
        assertThatThrownBy(() -> PlatformChain.parse("none,jpeg:75")).hasMessageContaining("stands alone");
        assertThatThrownBy(() -> PlatformChain.parse(" ")).hasMessageContaining("must not be empty");
    }

    @Test
    void resizeShrinksTheLongSideKeepingTheAspectRatioAndNeverEnlarges() {
        RgbImage landscape = TestImages.random8Bit(300, 200, 1);
        assertThat(size(PlatformChain.parse("resize:120").apply(landscape))).containsExactly(120, 80);
        RgbImage portrait = TestImages.random8Bit(200, 300, 2);
        assertThat(size(PlatformChain.parse("resize:120:bicubic").apply(portrait))).containsExactly(80, 120);
        RgbImage small = PlatformChain.parse("resize:1000").apply(landscape);
        assertThat(small).isEqualTo(landscape);
    }

    /**
     * TwelveMonkeys' ResampleOp against Pillow's antialiased resize of a real photo, halved (goldens from
     * resize_golden.py). The box filter is area averaging in both, so they agree to a level; Lanczos and
     * bilinear are the same filter families with other supports and edge handling (measured RMS
     * differences 8.0 and 3.7 levels on this high-contrast crop, against 17.5 and 10.3 for
     * TwelveMonkeys' output against Pillow's nearest-neighbour subsampling, so they do filter).
     */
    @Test
    void resizeAgreesWithPillowsAntialiasedFiltersOnARealPhoto() throws IOException {
        RgbImage photo = png("/dev/pixelprivacy/core/metrics/astronaut.png");
        double[] bound = {9, 1, 4.5};
        List<ResizeKernel> kernels = List.of(ResizeKernel.LANCZOS, ResizeKernel.AREA, ResizeKernel.BILINEAR);
        for (int k = 0; k < kernels.size(); k++) {
            ResizeKernel kernel = kernels.get(k);
            RgbImage ours = PlatformChain.of(List.of(new PlatformChain.Resize(24, kernel))).apply(photo);
            RgbImage pillow = png("astronaut-24-" + kernel.token() + ".png");
            assertThat(size(ours)).containsExactly(24, 20);
            double rms255 = Math.sqrt(ImageMetrics.mse(ours, pillow)) * 255;
            assertThat(rms255).as("%s RMS difference in levels", kernel).isLessThan(bound[k]);
            assertThat(rms255(ours, nearestHalf(photo))).as("%s against nearest-neighbour", kernel).isGreaterThan(2 * rms255);
        }
        RgbImage area = PlatformChain.parse("resize:24:area").apply(photo);
        assertThat(ImageMetrics.linf255(area, png("astronaut-24-area.png"))).isLessThanOrEqualTo(1.0);
    }

    /** Pillow's NEAREST at half size: source pixel 2x + 1. */
    private static RgbImage nearestHalf(RgbImage img) {
        int w = img.width() / 2;
        int h = img.height() / 2;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[c * w * h + y * w + x] = img.get(c, 2 * y + 1, 2 * x + 1);
                }
            }
        }
        return RgbImage.of(w, h, out);
    }

    private static double rms255(RgbImage a, RgbImage b) {
        return Math.sqrt(ImageMetrics.mse(a, b)) * 255;
    }

    @Test
    void jpegStepIsTheImageIoEncoderDecodedAgain() throws IOException {
        RgbImage img = TestImages.uniform(64, 48, 0.2f, 0.8f, 3);
        RgbImage out = PlatformChain.parse("jpeg:75").apply(img);
        RgbImage decoded = ImageConversions.toRgbImage(ImageIO.read(new ByteArrayInputStream(ImageFiles.encodeJpeg(img, 75))));
        assertThat(out).isEqualTo(decoded);
        assertThat(out.isOn8BitLevels()).isTrue();
        assertThat(out).isNotEqualTo(img.quantised8Bit());
    }

    @Test
    void stepsApplyInOrderAndTheResultDecodesAtTheNewSize() {
        RgbImage img = TestImages.uniform(90, 60, 0f, 1f, 4);
        PlatformChain chain = PlatformChain.parse("resize:45:area,jpeg:80");
        RgbImage expected = new PlatformChain.Jpeg(80).apply(new PlatformChain.Resize(45, ResizeKernel.AREA).apply(img));
        RgbImage out = chain.apply(img);
        assertThat(out).isEqualTo(expected);
        assertThat(size(out)).containsExactly(45, 30);
        assertThat(PlatformChain.none().apply(img)).isEqualTo(img.quantised8Bit());
    }

    private static int[] size(RgbImage i) {
        return new int[] {i.width(), i.height()};
    }

    private static RgbImage png(String resource) throws IOException {
        try (InputStream in = PlatformChainTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("test resource " + resource + " is missing");
            }
            return ImageConversions.toRgbImage(ImageIO.read(in));
        }
    }
}
