package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesColourTest {
    /**
     * LittleCMS works with 16-bit intermediates and interpolated tone curves: measured within 0.6 of
     * an 8-bit level of the exact formula; a profile ignored is off by up to 60 levels (128 -> 188).
     */
    private static final double ONE_LEVEL = 1.0 / 255;

    @TempDir
    Path dir;

    /** The sRGB transfer function (IEC 61966-2-1), written out independently of the code under test. */
    private static double srgb(double linear) {
        return linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
    }

    /**
     * A PNG written by another encoder, as real files are: PIL 9.4 stored the JDK's linear RGB profile
     * in a zlib-compressed iCCP chunk (the JDK's reader hands those bytes over compressed). The
     * expected values are LittleCMS's own conversion, through PIL, not this code's:
     * <pre>
     * src = ImageCms.ImageCmsProfile(io.BytesIO(icc)); dst = ImageCms.createProfile('sRGB')
     * ImageCms.profileToProfile(Image.open(png), src, dst, outputMode='RGB', renderingIntent=0)
     * </pre>
     * Rows: greys, reds, a green-blue ramp, six random colours (stored 0, 16, 64, 128, 200, 255...).
     */
    @Test
    void pngFromAnotherEncoderWithACompressedProfileIsConverted() throws IOException {
        int[][] expected = {
            {0, 0, 0}, {71, 71, 71}, {137, 137, 137}, {188, 188, 188}, {229, 229, 229}, {255, 255, 255},
            {0, 0, 0}, {71, 0, 0}, {137, 0, 0}, {188, 0, 0}, {229, 0, 0}, {255, 0, 0},
            {0, 0, 255}, {0, 71, 229}, {0, 137, 188}, {1, 188, 137}, {1, 229, 71}, {1, 255, 0},
            {249, 208, 216}, {243, 200, 228}, {236, 130, 66}, {148, 145, 240}, {245, 13, 187}, {234, 101, 231}};
        Path file = dir.resolve("pil.png");
        try (var in = ImageFilesColourTest.class.getResourceAsStream("linear-rgb-profile.png")) {
            Files.copy(in, file);
        }
        DecodedImage decoded = ImageFiles.decode(file);
        assertThat(decoded.colourProfile()).isPresent();
        RgbImage read = decoded.rgb();
        assertThat(read.width()).isEqualTo(6);
        assertThat(read.height()).isEqualTo(4);
        for (int i = 0; i < expected.length; i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(read.get(c, i / 6, i % 6) * 255.0).as("pixel %d channel %d", i, c)
                        .isCloseTo(expected[i][c], within(1.0));
            }
        }
    }

    @Test
    void pngWithAnEmbeddedLinearRgbProfileIsConvertedToSrgb() throws IOException {
        // The JDK's linear RGB profile has sRGB's primaries: converting it to sRGB is the transfer
        // function alone, channel by channel.
        BufferedImage img = PhotoFiles.random8BitRgb(16, 16, 51);
        Path file = PhotoFiles.writePngWithProfile(img, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB), dir.resolve("lin.png"));
        DecodedImage decoded = ImageFiles.decode(file);
        RgbImage read = decoded.rgb();
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                for (int c = 0; c < 3; c++) {
                    double stored = PhotoFiles.channel(img.getRGB(x, y), c) / 255.0;
                    assertThat((double) read.get(c, y, x)).as("(%d, %d) channel %d", x, y, c)
                            .isCloseTo(srgb(stored), within(ONE_LEVEL));
                }
            }
        }
        assertThat(decoded.colourProfile()).isPresent();
    }

    @Test
    void greyPngWithAnEmbeddedGreyProfileStaysExactlyGrey() throws IOException {
        BufferedImage grey = new BufferedImage(256, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 256; x++) {
            grey.getRaster().setSample(x, 0, 0, x);
            grey.getRaster().setSample(x, 1, 0, 255 - x);
        }
        // Java's CS_GRAY profile is linear (gamma 1): stored grey k means luminance k / 255.
        Path file = PhotoFiles.writePngWithProfile(grey, ICC_Profile.getInstance(ColorSpace.CS_GRAY), dir.resolve("g.png"));
        RgbImage read = ImageFiles.read(file);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 256; x++) {
                float r = read.get(0, y, x);
                assertThat(read.get(1, y, x)).as("G of (%d, %d)", x, y).isEqualTo(r);
                assertThat(read.get(2, y, x)).as("B of (%d, %d)", x, y).isEqualTo(r);
                double stored = grey.getRaster().getSample(x, y, 0) / 255.0;
                assertThat((double) r).as("(%d, %d)", x, y).isCloseTo(srgb(stored), within(ONE_LEVEL));
            }
        }
    }

    @Test
    void sixteenBitPngWithAProfileKeepsMoreThanEightBits() throws IOException {
        BufferedImage img = ImageConversionsTest.ushortRgba(16, 8, 53);
        Path file = PhotoFiles.writePngWithProfile(img, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB), dir.resolve("l16.png"));
        DecodedImage decoded = ImageFiles.decode(file);
        int offLevel = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                for (int c = 0; c < 3; c++) {
                    double stored = img.getRaster().getSample(x, y, c) / 65535.0;
                    float v = decoded.rgb().get(c, y, x);
                    assertThat((double) v).isCloseTo(srgb(stored), within(ONE_LEVEL));
                    offLevel += Math.abs(v * 255f - Math.round(v * 255f)) > 0.01f ? 1 : 0;
                }
                assertThat(decoded.alpha().orElseThrow().get(y, x))
                        .isEqualTo(img.getRaster().getSample(x, y, 3) / 65535f);
            }
        }
        assertThat(offLevel).as("samples between 8-bit levels").isGreaterThan(300);
    }

    @Test
    void pngWithAnEmbeddedSrgbProfileIsReadExactlyAsStored() throws IOException {
        BufferedImage img = PhotoFiles.random8BitRgb(16, 16, 52);
        Path file = PhotoFiles.writePngWithProfile(img, ICC_Profile.getInstance(ColorSpace.CS_sRGB), dir.resolve("srgb.png"));
        DecodedImage decoded = ImageFiles.decode(file);
        assertThat(decoded.rgb()).isEqualTo(ImageConversions.toRgbImage(img));
        assertThat(decoded.colourProfile()).isEmpty();
    }

    @Test
    void greyJpegWithAGammaProfileStaysExactlyGrey() throws IOException {
        // A grey profile other than Java's own (a "Gray Gamma 2.2" as Photoshop embeds), which the JDK's
        // JPEG reader ignores: the library reads it from the APP2 segment itself.
        ICC_Profile gamma22 = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData());
        gamma22.setData(ICC_Profile.icSigGrayTRCTag, new byte[] {'c', 'u', 'r', 'v', 0, 0, 0, 0, 0, 0, 0, 1, 0x02, 0x33,
            0, 0}); // one u8Fixed8 gamma, 0x0233 = 2.19921875
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                grey.getRaster().setSample(x, y, 0, y * 16 + x);
            }
        }
        Path file = PhotoFiles.writeBytes(dir.resolve("g22.jpg"),
                jpegWithIccProfile(PhotoFiles.encode(grey, "jpeg"), gamma22.getData()));
        Raster stored = ImageIO.read(file.toFile()).getRaster();
        assertThat(ImageIO.read(file.toFile()).getColorModel().getColorSpace())
                .as("the premise: ImageIO ignores the profile").isSameAs(ColorSpace.getInstance(ColorSpace.CS_GRAY));
        RgbImage read = ImageFiles.read(file);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                float r = read.get(0, y, x);
                assertThat(read.get(1, y, x)).isEqualTo(r);
                assertThat(read.get(2, y, x)).isEqualTo(r);
                double luminance = Math.pow(stored.getSample(x, y, 0) / 255.0, 2.19921875);
                assertThat((double) r).isCloseTo(srgb(luminance), within(ONE_LEVEL));
            }
        }
    }

    /** An APP2 ICC_PROFILE segment (one chunk of one) spliced in after SOI. */
    private static byte[] jpegWithIccProfile(byte[] jpeg, byte[] icc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        byte[] id = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int length = 2 + id.length + 2 + icc.length;
        out.write(0xff);
        out.write(0xe2);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(id);
        out.write(1);
        out.write(1);
        out.writeBytes(icc);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void greyFilesWithoutProfileStayExactlyTheirLevelsInEveryFormat() throws IOException {
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                grey.getRaster().setSample(x, y, 0, y * 16 + x);
            }
        }
        for (String format : new String[] {"png", "jpeg", "bmp", "tiff", "gif"}) {
            RgbImage read = ImageFiles.read(PhotoFiles.write(grey, format, dir.resolve("grey." + format)));
            int differ = 0;
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    float r = read.get(0, y, x);
                    differ += read.get(1, y, x) != r || read.get(2, y, x) != r ? 1 : 0;
                }
            }
            assertThat(differ).as(format).isZero();
        }
    }

    @Test
    void palettePngWithAnEmbeddedProfileHasItsPaletteConverted() throws IOException {
        byte[] r = {(byte) 128, 0, (byte) 255, 0};
        byte[] g = {(byte) 128, (byte) 64, 0, 0};
        byte[] b = {(byte) 128, 0, 0, (byte) 32};
        IndexColorModel icm = new IndexColorModel(2, 4, r, g, b);
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int x = 0; x < 4; x++) {
            img.getRaster().setSample(x, 0, 0, x);
        }
        Path file = PhotoFiles.writePngWithProfile(img, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB), dir.resolve("p.png"));
        RgbImage read = ImageFiles.read(file);
        for (int x = 0; x < 4; x++) {
            assertThat((double) read.get(0, 0, x)).isCloseTo(srgb((r[x] & 0xff) / 255.0), within(ONE_LEVEL));
            assertThat((double) read.get(1, 0, x)).isCloseTo(srgb((g[x] & 0xff) / 255.0), within(ONE_LEVEL));
            assertThat((double) read.get(2, 0, x)).isCloseTo(srgb((b[x] & 0xff) / 255.0), within(ONE_LEVEL));
        }
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        // Without an embedded profile, the JDK's reader describes CMYK by the uncalibrated formula
        // R = (1 - C)(1 - K); uniform blocks keep JPEG's error to a level or two.
        int[][] cmyk = {{0, 255, 255, 0}, {255, 0, 0, 0}, {0, 0, 0, 128}, {0, 0, 0, 0}};
        for (int[] ink : cmyk) {
            Path file = dir.resolve("cmyk.jpg");
            writeUniformCmykJpeg(file, ink);
            DecodedImage decoded = ImageFiles.decode(file);
            double k = ink[3] / 255.0;
            for (int c = 0; c < 3; c++) {
                double expected = (1 - ink[c] / 255.0) * (1 - k);
                assertThat((double) decoded.rgb().get(c, 4, 8)).as("ink %s channel %d", java.util.Arrays.toString(ink), c)
                        .isCloseTo(expected, within(3 * ONE_LEVEL));
            }
            assertThat(decoded.colourProfile()).hasValueSatisfying(p -> assertThat(p).contains("CMYK"));
        }
    }

    /**
     * ImageIO's JPEG writer stores a 4-band raster as it is; its reader takes a 4-channel JPEG as
     * Photoshop writes them, inverted (255 = no ink), so the samples are stored inverted.
     */
    private static void writeUniformCmykJpeg(Path file, int[] ink) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        int[] inverted = {255 - ink[0], 255 - ink[1], 255 - ink[2], 255 - ink[3]};
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, inverted);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(new IIOImage(raster, null, null));
        } finally {
            writer.dispose();
        }
    }
}
