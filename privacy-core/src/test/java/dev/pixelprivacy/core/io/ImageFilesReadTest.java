package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesReadTest {
    @TempDir
    Path dir;

    @Test
    void eightBitPngReadsExactly() throws IOException {
        BufferedImage img = PhotoFiles.random8BitRgb(17, 11, 1);
        RgbImage read = ImageFiles.read(PhotoFiles.write(img, "png", dir.resolve("a.png")));
        assertThat(read).isEqualTo(ImageConversions.toRgbImage(img));
        assertThat(read.get(0, 3, 4)).isEqualTo(PhotoFiles.channel(img.getRGB(4, 3), 0) / 255f);
    }

    @Test
    void bmpReadsExactly() throws IOException {
        BufferedImage img = PhotoFiles.random8BitRgb(9, 6, 2);
        RgbImage read = ImageFiles.read(PhotoFiles.write(img, "bmp", dir.resolve("a.bmp")));
        assertThat(read).isEqualTo(ImageConversions.toRgbImage(img));
    }

    @Test
    void greyEightBitPngBecomesThreeEqualChannels() throws IOException {
        BufferedImage grey = new BufferedImage(16, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 16; x++) {
            grey.getRaster().setSample(x, 0, 0, x * 17);
        }
        RgbImage read = ImageFiles.read(PhotoFiles.write(grey, "png", dir.resolve("g.png")));
        for (int x = 0; x < 16; x++) {
            for (int c = 0; c < 3; c++) {
                assertThat(read.get(c, 0, x)).isEqualTo(x * 17 / 255f);
            }
        }
    }

    @Test
    void greySixteenBitPngKeepsFullPrecision() throws IOException {
        BufferedImage grey = new BufferedImage(32, 8, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = grey.getRaster();
        Random rnd = new Random(3);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 32; x++) {
                r.setSample(x, y, 0, rnd.nextInt(65536));
            }
        }
        Path file = PhotoFiles.write(grey, "png", dir.resolve("g16.png"));
        assertThat(ImageIO.read(file.toFile()).getColorModel().getComponentSize(0)).isEqualTo(16);
        RgbImage read = ImageFiles.read(file);
        int notOn8BitLevel = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 32; x++) {
                float expected = r.getSample(x, y, 0) / 65535f;
                for (int c = 0; c < 3; c++) {
                    assertThat(read.get(c, y, x)).isEqualTo(expected);
                }
                if (expected != Math.round(expected * 255f) / 255f) {
                    notOn8BitLevel++;
                }
            }
        }
        assertThat(notOn8BitLevel).isGreaterThan(200);
    }

    @Test
    void sixteenBitRgbaPngKeepsFullPrecisionAndDropsAlphaByDefault() throws IOException {
        BufferedImage img = ImageConversionsTest.ushortRgba(8, 5, 4);
        Path file = PhotoFiles.write(img, "png", dir.resolve("rgba16.png"));
        RgbImage read = ImageFiles.read(file);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 8; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(read.get(c, y, x)).isEqualTo(img.getRaster().getSample(x, y, c) / 65535f);
                }
            }
        }
    }

    @Test
    void pngAlphaIsDroppedOrCompositedAsConfigured() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00102030);
        img.setRGB(1, 0, 0xff102030);
        Path file = PhotoFiles.write(img, "png", dir.resolve("alpha.png"));
        RgbImage dropped = ImageFiles.read(file);
        assertThat(dropped.get(0, 0, 0)).isEqualTo(0x10 / 255f);
        assertThat(dropped.get(2, 0, 0)).isEqualTo(0x30 / 255f);
        RgbImage overWhite = ImageFiles.read(file,
                ImageReadOptions.builder().alpha(AlphaHandling.compositeOver(1f, 1f, 1f)).build());
        assertThat(new float[] {overWhite.get(0, 0, 0), overWhite.get(1, 0, 0), overWhite.get(2, 0, 0)})
                .containsExactly(1f, 1f, 1f);
        assertThat(new float[] {overWhite.get(0, 0, 1), overWhite.get(1, 0, 1), overWhite.get(2, 0, 1)})
                .containsExactly(0x10 / 255f, 0x20 / 255f, 0x30 / 255f);
    }

    @Test
    void palettePngWithTransparencyReadsItsPaletteAndAlpha() throws IOException {
        BufferedImage img = paletteImage(true);
        Path file = PhotoFiles.write(img, "png", dir.resolve("palette.png"));
        assertThat(ImageIO.read(file.toFile()).getColorModel()).isInstanceOf(IndexColorModel.class);
        RgbImage dropped = ImageFiles.read(file);
        assertPixel(dropped, 0, 250, 0, 0);
        assertPixel(dropped, 1, 0, 250, 0);
        assertPixel(dropped, 2, 7, 8, 9); // transparent entry keeps its stored colour
        RgbImage overGrey = ImageFiles.read(file,
                ImageReadOptions.builder().alpha(AlphaHandling.compositeOver(0.5f, 0.5f, 0.5f)).build());
        assertThat(overGrey.get(0, 0, 2)).isEqualTo(0.5f);
        assertThat(overGrey.get(2, 0, 2)).isEqualTo(0.5f);
        assertPixel(overGrey, 1, 0, 250, 0);
    }

    @Test
    void paletteGifReadsItsPalette() throws IOException {
        BufferedImage img = paletteImage(false);
        RgbImage read = ImageFiles.read(PhotoFiles.write(img, "gif", dir.resolve("palette.gif")));
        assertPixel(read, 0, 250, 0, 0);
        assertPixel(read, 1, 0, 250, 0);
        assertPixel(read, 2, 7, 8, 9);
        assertPixel(read, 3, 0, 0, 250);
    }

    @Test
    void jpegReadsWithinJpegTolerance() throws IOException {
        // Smooth content: JPEG's error on it is small; random noise would not be.
        int w = 64;
        int h = 48;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 4 << 16) | (y * 5 << 8) | ((x + y) * 2));
            }
        }
        RgbImage read = ImageFiles.read(PhotoFiles.write(img, "jpeg", dir.resolve("smooth.jpg")));
        RgbImage exact = ImageConversions.toRgbImage(img);
        float max = 0;
        double sum = 0;
        for (int i = 0; i < exact.data().length; i++) {
            float e = Math.abs(read.data()[i] - exact.data()[i]);
            max = Math.max(max, e);
            sum += e;
        }
        // ImageIO's default quality 0.75 with 4:2:0 chroma on a gentle gradient: about 1 level on
        // average, 10 at worst (measured); a wrong channel order or level scale would be far off.
        assertThat(sum / exact.data().length).isLessThan(2.0 / 255);
        assertThat(max).isLessThan(16f / 255);
        assertThat(read.width()).isEqualTo(w);
        assertThat(read.height()).isEqualTo(h);
    }

    @Test
    void fileOutsideTheDefaultFileSystemIsRead() throws IOException {
        BufferedImage img = PhotoFiles.random8BitRgb(5, 4, 12);
        Path png = PhotoFiles.write(img, "png", dir.resolve("a.png"));
        try (FileSystem zip = FileSystems.newFileSystem(dir.resolve("images.zip"), Map.of("create", "true"))) {
            Path inZip = Files.copy(png, zip.getPath("/a.png"));
            assertThat(ImageFiles.read(inZip)).isEqualTo(ImageConversions.toRgbImage(img));
        }
    }

    /** Four pixels of a 2-bit palette: red, green, a (transparent, if asked) (7, 8, 9), blue. */
    private static BufferedImage paletteImage(boolean transparentEntry) {
        byte[] r = {(byte) 250, 0, 7, 0};
        byte[] g = {0, (byte) 250, 8, 0};
        byte[] b = {0, 0, 9, (byte) 250};
        IndexColorModel icm = transparentEntry
                ? new IndexColorModel(2, 4, r, g, b, 2)
                : new IndexColorModel(2, 4, r, g, b);
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int x = 0; x < 4; x++) {
            img.getRaster().setSample(x, 0, 0, x);
        }
        return img;
    }

    private static void assertPixel(RgbImage img, int x, int r, int g, int b) {
        assertThat(new float[] {img.get(0, 0, x), img.get(1, 0, x), img.get(2, 0, x)})
                .as("pixel %d", x)
                .containsExactly(r / 255f, g / 255f, b / 255f);
    }
}
