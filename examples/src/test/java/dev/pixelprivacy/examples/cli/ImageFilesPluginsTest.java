package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.io.DecodedImage;
import dev.pixelprivacy.core.io.ExifOrientation;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.io.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's ImageIO plugins (TwelveMonkeys) seen through the library's reader. */
class ImageFilesPluginsTest {
    /**
     * formats/rgba-6x4-lossless.webp: {@code cwebp -lossless -exact} of a 6x4 PNG whose pixel (x, y)
     * is (40x, 60y, 10 + 20x + 30y) with alpha 0 at (0, 0), 128 in column 5 and 255 elsewhere.
     */
    private static final String WEBP = "/formats/rgba-6x4-lossless.webp";

    @TempDir
    Path dir;

    private static int expectedArgb(int x, int y) {
        int alpha = x == 0 && y == 0 ? 0 : (x == 5 ? 128 : 255);
        return (alpha << 24) | ((40 * x) << 16) | ((60 * y) << 8) | (10 + 20 * x + 30 * y);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageFilesPluginsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void losslessWebpReadsExactlyWithItsAlpha() throws IOException {
        Path file = Files.write(dir.resolve("photo.webp"), resource(WEBP));
        assertThat(ImageFiles.probe(file).format()).hasValueSatisfying(f -> assertThat(f).isEqualToIgnoringCase("webp"));
        DecodedImage decoded = ImageFiles.decode(file);
        Mask alpha = decoded.alpha().orElseThrow();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                int argb = expectedArgb(x, y);
                assertThat(alpha.get(y, x)).as("alpha (%d, %d)", x, y).isEqualTo((argb >>> 24) / 255f);
                for (int c = 0; c < 3; c++) {
                    assertThat(decoded.rgb().get(c, y, x)).as("(%d, %d) channel %d", x, y, c)
                            .isEqualTo(((argb >> (16 - 8 * c)) & 0xff) / 255f);
                }
            }
        }
    }

    @Test
    void webpExifOrientationIsApplied() throws IOException {
        Path file = Files.write(dir.resolve("rotated.webp"), withExif(resource(WEBP), 6, 6, 4));
        DecodedImage decoded = ImageFiles.decode(file);
        assertThat(decoded.orientation()).isEqualTo(ExifOrientation.ROTATE_90_CLOCKWISE);
        assertThat(decoded.rgb().width()).isEqualTo(4);
        assertThat(decoded.rgb().height()).isEqualTo(6);
        // turned clockwise: the stored bottom-left pixel (0, 3) is now the top-left one
        assertThat(decoded.rgb().get(1, 0, 0)).isEqualTo(180 / 255f);
        // and the stored top-left, fully transparent pixel is now the top-right one
        assertThat(decoded.alpha().orElseThrow().get(0, 3)).isZero();
    }

    @Test
    void tiffIsReadThroughTheTwelveMonkeysPlugin() throws IOException {
        BufferedImage img = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(71);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                img.setRGB(x, y, rnd.nextInt() & 0xffffff);
            }
        }
        Path file = dir.resolve("scan.tif");
        assertThat(ImageIO.write(img, "tiff", file.toFile())).isTrue();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            assertThat(readers.next().getClass().getName()).startsWith("com.twelvemonkeys.imageio.plugins.tiff");
        }
        assertThat(ImageFiles.read(file)).isEqualTo(ImageConversions.toRgbImage(img));
    }

    @Test
    void tiffOrientationIsAppliedOnceWithThePlugin() throws IOException {
        // stored 3 x 2: red levels 10..60 row by row; orientation 6 shows it turned clockwise
        Path file = Files.write(dir.resolve("o6.tif"), baselineRgbTiff(3, 2, 6));
        DecodedImage decoded = ImageFiles.decode(file);
        assertThat(decoded.orientation()).isEqualTo(ExifOrientation.ROTATE_90_CLOCKWISE);
        StringBuilder layout = new StringBuilder();
        for (int y = 0; y < decoded.rgb().height(); y++) {
            for (int x = 0; x < decoded.rgb().width(); x++) {
                layout.append(Math.round(decoded.rgb().get(0, y, x) * 255f)).append(x == 0 ? " " : ";");
            }
        }
        assertThat(layout.toString()).isEqualTo("40 10;50 20;60 30;");
    }

    /** An uncompressed, chunky 8-bit RGB TIFF, little-endian, one strip; red = 10 (1 + index). */
    private static byte[] baselineRgbTiff(int width, int height, int orientation) {
        int[][] entries = { // tag, type (3 SHORT, 4 LONG), value
            {256, 3, width}, {257, 3, height}, {258, 3, 8}, {259, 3, 1}, {262, 3, 2}, {273, 4, 0},
            {274, 3, orientation}, {277, 3, 3}, {278, 3, height}, {279, 4, 3 * width * height}, {284, 3, 1},
        };
        int ifdSize = 2 + 12 * entries.length + 4;
        int pixels = 8 + ifdSize;
        ByteBuffer b = ByteBuffer.allocate(pixels + 3 * width * height).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries.length);
        for (int[] e : entries) {
            int value = e[0] == 273 ? pixels : e[2];
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(1);
            if (e[1] == 3) {
                b.putShort((short) value).putShort((short) 0);
            } else {
                b.putInt(value);
            }
        }
        b.putInt(0);
        for (int i = 0; i < width * height; i++) {
            b.put((byte) (10 * (i + 1))).put((byte) 0).put((byte) 0);
        }
        return b.array();
    }

    @Test
    void psdIsRecognisedByContent() throws IOException {
        // The PSD signature and version with a header of 3 channels, 2 x 3 pixels, 8 bits, RGB.
        ByteBuffer psd = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
        psd.put("8BPS".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).put(new byte[6]);
        psd.putShort((short) 3).putInt(3).putInt(2).putShort((short) 8).putShort((short) 3);
        Path file = Files.write(dir.resolve("layered.bin"), psd.array());
        assertThat(ImageFiles.probe(file).format()).hasValueSatisfying(f -> assertThat(f).isEqualToIgnoringCase("psd"));
    }

    @Test
    void truncatedFilesAreRefusedByThePluginsToo() throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(72);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, rnd.nextInt() & 0xffffff);
            }
        }
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String format : new String[] {"bmp", "tiff"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            assertThat(ImageIO.write(img, format, bytes)).isTrue();
            files.put(format, bytes.toByteArray());
        }
        files.put("webp", resource(WEBP));
        for (var e : files.entrySet()) {
            byte[] full = e.getValue();
            Path cut = Files.write(dir.resolve("cut." + e.getKey()), Arrays.copyOf(full, full.length * 2 / 3));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageFiles.read(cut)).as(e.getKey())
                    .isInstanceOf(dev.pixelprivacy.core.io.UnreadableImageException.class)
                    .hasMessageContaining(cut.toString());
        }
    }

    /**
     * The simple (VP8L-only) WebP rewritten in the extended format: a VP8X chunk flagging alpha and
     * Exif, the image chunk, then an EXIF chunk holding a TIFF structure with the orientation.
     */
    private static byte[] withExif(byte[] simple, int orientation, int width, int height) {
        byte[] image = Arrays.copyOfRange(simple, 12, simple.length); // the VP8L chunk, header included
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x18).put(new byte[3]);
        vp8x.put((byte) (width - 1)).put((byte) 0).put((byte) 0).put((byte) (height - 1)).put((byte) 0).put((byte) 0);
        chunks.writeBytes(vp8x.array());
        chunks.writeBytes(image);
        ByteBuffer exif = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        exif.put("EXIF".getBytes(StandardCharsets.US_ASCII)).putInt(tiff.capacity());
        chunks.writeBytes(exif.array());
        chunks.writeBytes(tiff.array()); // 26 bytes: even, no padding
        ByteBuffer riff = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.size());
        riff.put("WEBP".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(riff.array());
        out.writeBytes(chunks.toByteArray());
        return out.toByteArray();
    }
}
