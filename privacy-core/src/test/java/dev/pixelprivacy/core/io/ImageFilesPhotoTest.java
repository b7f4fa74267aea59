package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Photos as people have them: rotated by the camera, transparent, animated. */
class ImageFilesPhotoTest {
    @TempDir
    Path dir;

    @Test
    void pngExifOrientationIsAppliedForAllEightValues() throws IOException {
        byte[] png = PhotoFiles.encode(ImageConversions.toBufferedImage(ExifOrientationTest.storedAbcDef()), "png");
        for (int v = 1; v <= 8; v++) {
            Path file = PhotoFiles.writeBytes(dir.resolve("o" + v + ".png"),
                    PhotoFiles.pngWithChunk(png, "eXIf", PhotoFiles.exifTiff(v, v % 2 == 0)));
            DecodedImage decoded = ImageFiles.decode(file);
            assertThat(ExifOrientationTest.layout(decoded.rgb())).as("orientation %d", v)
                    .isEqualTo(ExifOrientationTest.UPRIGHT[v]);
            assertThat(decoded.orientation().value()).isEqualTo(v);
        }
    }

    @Test
    void jpegExifOrientationIsAppliedForAllEightValues() throws IOException {
        // 3 x 2 blocks of 16 x 16 grey levels, a..f = 36..216: JPEG keeps a flat block's level
        // within a few steps, far from the 36 between letters.
        BufferedImage blocks = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                int level = 36 * (1 + (y / 16) * 3 + x / 16);
                blocks.setRGB(x, y, level * 0x010101);
            }
        }
        byte[] jpeg = PhotoFiles.encode(blocks, "jpeg");
        for (int v = 1; v <= 8; v++) {
            Path file = PhotoFiles.writeBytes(dir.resolve("o" + v + ".jpg"),
                    PhotoFiles.jpegWithExif(jpeg, PhotoFiles.exifTiff(v, v % 2 == 1)));
            RgbImage upright = ImageFiles.read(file);
            StringBuilder layout = new StringBuilder();
            for (int by = 0; by < upright.height() / 16; by++) {
                layout.append(by == 0 ? "" : "/");
                for (int bx = 0; bx < upright.width() / 16; bx++) {
                    int letter = Math.round(upright.get(0, 16 * by + 8, 16 * bx + 8) * 255f / 36f);
                    layout.append((char) ('a' + letter - 1));
                }
            }
            assertThat(layout.toString()).as("orientation %d", v).isEqualTo(ExifOrientationTest.UPRIGHT[v]);
        }
    }

    @Test
    void tiffOrientationTagIsApplied() throws IOException {
        BufferedImage stored = ImageConversions.toBufferedImage(ExifOrientationTest.storedAbcDef());
        Path file = dir.resolve("o6.tif");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(stored),
                    writer.getDefaultWriteParam());
            String format = "javax_imageio_tiff_image_1.0";
            IIOMetadataNode root = new IIOMetadataNode(format);
            IIOMetadataNode ifd = new IIOMetadataNode("TIFFIFD");
            IIOMetadataNode field = new IIOMetadataNode("TIFFField");
            field.setAttribute("number", "274");
            field.setAttribute("name", "Orientation");
            IIOMetadataNode shorts = new IIOMetadataNode("TIFFShorts");
            IIOMetadataNode value = new IIOMetadataNode("TIFFShort");
            value.setAttribute("value", "6");
            shorts.appendChild(value);
            field.appendChild(shorts);
            ifd.appendChild(field);
            root.appendChild(ifd);
            metadata.mergeTree(format, root);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(stored, null, metadata), writer.getDefaultWriteParam());
            }
        } finally {
            writer.dispose();
        }
        assertThat(ExifOrientationTest.layout(ImageFiles.read(file))).isEqualTo(ExifOrientationTest.UPRIGHT[6]);
    }

    @Test
    void writtenOutputIsUprightAndCarriesNoOrientation() throws IOException {
        byte[] png = PhotoFiles.encode(ImageConversions.toBufferedImage(ExifOrientationTest.storedAbcDef()), "png");
        Path source = PhotoFiles.writeBytes(dir.resolve("in.png"),
                PhotoFiles.pngWithChunk(png, "eXIf", PhotoFiles.exifTiff(6, false)));
        DecodedImage decoded = ImageFiles.decode(source);
        Path target = dir.resolve("out.png");
        ImageFiles.writePng(decoded.rgb(), decoded.alpha().orElse(null), target, source);
        String bytes = new String(Files.readAllBytes(target), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("eXIf").doesNotContain("Exif");
        DecodedImage again = ImageFiles.decode(target);
        assertThat(again.orientation()).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientationTest.layout(again.rgb())).isEqualTo(ExifOrientationTest.UPRIGHT[6]);
    }

    @Test
    void garbageExifReadsTheImageAsStored() throws IOException {
        byte[] png = PhotoFiles.encode(ImageConversions.toBufferedImage(ExifOrientationTest.storedAbcDef()), "png");
        byte[] garbage = new byte[40];
        new Random(61).nextBytes(garbage);
        Path file = PhotoFiles.writeBytes(dir.resolve("g.png"), PhotoFiles.pngWithChunk(png, "eXIf", garbage));
        DecodedImage decoded = ImageFiles.decode(file);
        assertThat(decoded.orientation()).isEqualTo(ExifOrientation.NORMAL);
        assertThat(ExifOrientationTest.layout(decoded.rgb())).isEqualTo("abc/def");
    }

    @Test
    void alphaIsDecodedAsAPlane() throws IOException {
        BufferedImage img = randomArgb(9, 7, 62);
        DecodedImage decoded = ImageFiles.decode(PhotoFiles.write(img, "png", dir.resolve("a.png")));
        Mask alpha = decoded.alpha().orElseThrow();
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 9; x++) {
                int argb = img.getRGB(x, y);
                assertThat(alpha.get(y, x)).isEqualTo((argb >>> 24) / 255f);
                assertThat(decoded.rgb().get(0, y, x)).isEqualTo(((argb >> 16) & 0xff) / 255f);
            }
        }
    }

    @Test
    void transparencySurvivesReadingAndWritingBackBitForBit() throws IOException {
        BufferedImage img = randomArgb(12, 5, 63);
        img.setRGB(0, 0, 0x00abcdef); // fully transparent: its colour is what must stay hidden
        Path source = PhotoFiles.write(img, "png", dir.resolve("in.png"));
        DecodedImage decoded = ImageFiles.decode(source);
        Path target = dir.resolve("out.png");
        ImageFiles.writePng(decoded.rgb(), decoded.alpha().orElseThrow(), target, source);
        BufferedImage written = ImageIO.read(target.toFile());
        assertThat(written.getColorModel().hasAlpha()).isTrue();
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 12; x++) {
                assertThat(Integer.toHexString(written.getRGB(x, y))).as("(%d, %d)", x, y)
                        .isEqualTo(Integer.toHexString(img.getRGB(x, y)));
            }
        }
    }

    @Test
    void paletteTransparencyIsAnAlphaPlane() throws IOException {
        byte[] r = {(byte) 250, 0, 7, 0};
        byte[] g = {0, (byte) 250, 8, 0};
        byte[] b = {0, 0, 9, (byte) 250};
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4, r, g, b, 2));
        for (int x = 0; x < 4; x++) {
            img.getRaster().setSample(x, 0, 0, x);
        }
        Mask alpha = ImageFiles.decode(PhotoFiles.write(img, "png", dir.resolve("p.png"))).alpha().orElseThrow();
        assertThat(alpha.data()).containsExactly(1f, 1f, 0f, 1f);
    }

    @Test
    void opaqueImageHasNoAlpha() throws IOException {
        Path file = PhotoFiles.write(PhotoFiles.random8BitRgb(4, 4, 64), "png", dir.resolve("o.png"));
        assertThat(ImageFiles.decode(file).alpha()).isEmpty();
    }

    @Test
    void alphaOfAnotherSizeIsRefused() {
        RgbImage img = PhotoFiles.randomRgb(4, 3, 65);
        assertThatThrownBy(() -> ImageFiles.writePng(img, Mask.filled(3, 4, 1f), dir.resolve("x.png"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3x4").hasMessageContaining("4x3");
    }

    @Test
    void animatedGifGivesItsFirstFrameAndSaysHowManyThereAre() throws IOException {
        BufferedImage[] frames = {PhotoFiles.random8BitRgb(8, 6, 66), PhotoFiles.random8BitRgb(8, 6, 67),
            PhotoFiles.random8BitRgb(8, 6, 68)};
        Path file = dir.resolve("anim.gif");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage f : frames) {
                writer.writeToSequence(new IIOImage(f, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        DecodedImage decoded = ImageFiles.decode(file);
        assertThat(decoded.frameCount()).isEqualTo(3);
        assertThat(decoded.hasMoreFrames()).isTrue();
        assertThat(decoded.rgb()).isEqualTo(ImageConversions.toRgbImage(ImageIO.read(file.toFile())));

        DecodedImage still = ImageFiles.decode(PhotoFiles.write(frames[0], "gif", dir.resolve("still.gif")));
        assertThat(still.frameCount()).isEqualTo(1);
        assertThat(still.hasMoreFrames()).isFalse();
    }

    private static BufferedImage randomArgb(int width, int height, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rnd.nextInt());
            }
        }
        return img;
    }

    static byte[] isoBmff(String major, String... compatible) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int size = 16 + 4 * compatible.length;
        bytes.writeBytes(new byte[] {0, 0, 0, (byte) size});
        bytes.writeBytes("ftyp".getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(major.getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[4]);
        for (String c : compatible) {
            bytes.writeBytes(c.getBytes(StandardCharsets.US_ASCII));
        }
        bytes.writeBytes(new byte[] {0, 0, 0, 16, 'm', 'e', 't', 'a', 0, 0, 0, 0, 1, 2, 3, 4});
        return bytes.toByteArray();
    }
}
