package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesRefusalTest {
    @TempDir
    Path dir;

    @Test
    void textFileNamedPngIsRefusedAsNotAnImage() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.png"), "hello, not an image\n");
        assertThatThrownBy(() -> ImageFiles.read(file))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an image")
                .hasMessageContaining("png")
                .hasMessageContaining("68 65 6c 6c 6f"); // "hello"
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.jpg"));
        assertThatThrownBy(() -> ImageFiles.read(file))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("empty");
    }

    @Test
    void missingFileIsAnIoExceptionNamingIt() {
        Path file = dir.resolve("absent.png");
        assertThatThrownBy(() -> ImageFiles.read(file))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void directoryIsRefused() {
        assertThatThrownBy(() -> ImageFiles.read(dir))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void truncatedPngIsRefused() throws IOException {
        Path full = PhotoFiles.write(PhotoFiles.random8BitRgb(64, 64, 7), "png", dir.resolve("full.png"));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = PhotoFiles.writeBytes(dir.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertThatThrownBy(() -> ImageFiles.read(cut))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("PNG")
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedJpegIsRefusedThoughImageIoOnlyWarns() throws IOException {
        Path full = PhotoFiles.write(PhotoFiles.random8BitRgb(64, 64, 8), "jpeg", dir.resolve("full.jpg"));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = PhotoFiles.writeBytes(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        // the premise: plain ImageIO returns an image for this file
        assertThat(ImageIO.read(cut.toFile())).isNotNull();
        assertThatThrownBy(() -> ImageFiles.read(cut))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("JPEG")
                .hasMessageContaining("truncated or damaged")
                .hasMessageContaining("Missing EOI marker");
    }

    @Test
    void truncatedBmpAndGifAreRefused() throws IOException {
        BufferedImage img = PhotoFiles.random8BitRgb(32, 32, 9);
        for (String format : new String[] {"bmp", "gif"}) {
            byte[] bytes = Files.readAllBytes(PhotoFiles.write(img, format, dir.resolve("full." + format)));
            Path cut = PhotoFiles.writeBytes(dir.resolve("cut." + format), Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> ImageFiles.read(cut))
                    .as(format)
                    .isInstanceOf(UnreadableImageException.class)
                    .hasMessageContaining(cut.toString())
                    .hasMessageContaining(format.toUpperCase());
        }
    }

    @Test
    void headerClaimingTenGigapixelsIsRefusedBeforeDecoding() throws IOException {
        Path bomb = PhotoFiles.writeBytes(dir.resolve("bomb.png"), PhotoFiles.pngClaimingSize(100_000, 100_000));
        assertThat(Files.size(bomb)).isLessThan(200);
        assertThatThrownBy(() -> ImageFiles.read(bomb))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining(bomb.toString())
                .hasMessageContaining("100000x100000")
                .hasMessageContaining("above the limit of 100000000 pixels")
                .hasMessageContaining("decoding would need about 150,000 MB");
    }

    @Test
    void imageWithinThePixelLimitButBeyondTheHeapIsRefusedBeforeDecodingNamingTheMemory() throws Exception {
        // 26000 x 26000 RGB: 676 megapixels, within the largest limit; 3 bytes of raster and 12 of
        // float RGB each make about 10 GB, more than this JVM's heap may grow to (-Xmx2g, the pom).
        long estimate = 26_000L * 26_000L * 15;
        assertThat(Runtime.getRuntime().maxMemory()).as("the test JVM's heap (privacy-core's surefire -Xmx)")
                .isLessThan(estimate);
        Path big = PhotoFiles.writeBytes(dir.resolve("big.png"), PhotoFiles.pngClaimingSize(26_000, 26_000));
        ImageReadOptions largest = ImageReadOptions.builder().maxPixels(ImageReadOptions.LARGEST_MAX_PIXELS).build();
        readIgnoringRefusal(big, largest); // warm up
        assertThat(allocatedWhileReading(big, largest)).isLessThan(5_000_000L);
        assertThatThrownBy(() -> ImageFiles.read(big, largest))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining(big.toString())
                .hasMessageContaining("26000x26000 = 676000000 pixels")
                .hasMessageContaining("decoding would need about 10,140 MB")
                .hasMessageContaining("-Xmx")
                .hasMessageContaining("not decoded");
    }

    @Test
    void imageWhoseProcessingWouldNotFitIsRefusedBeforeDecodingNamingThatMemory() throws Exception {
        Path big = PhotoFiles.writeBytes(dir.resolve("big.png"), PhotoFiles.pngClaimingSize(10_000, 10_000));
        ImageReadOptions protecting = ImageReadOptions.builder().processingBytesPerPixel(10_000).build();
        assertThat(Runtime.getRuntime().maxMemory()).as("the test JVM's heap (privacy-core's surefire -Xmx)")
                .isLessThan(1_000_000_000_000L);
        assertThatThrownBy(() -> ImageFiles.read(big, protecting))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining("10000x10000 = 100000000 pixels")
                .hasMessageContaining("processing it would need about 1,000,000 MB (10000 bytes per pixel)")
                .hasMessageContaining("not decoded");
        assertThatThrownBy(() -> ImageReadOptions.builder().processingBytesPerPixel(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void heifPhotoIsRefusedNamingTheFormatAndHowToConvertIt() throws IOException {
        Path heic = PhotoFiles.writeBytes(dir.resolve("IMG_0001.HEIC"), ImageFilesPhotoTest.isoBmff("heic", "mif1", "heic"));
        assertThatThrownBy(() -> ImageFiles.read(heic))
                .isInstanceOf(UnreadableImageException.class)
                .hasMessageContaining(heic.toString())
                .hasMessageContaining("HEIF/HEIC (brand heic) image")
                .hasMessageContaining("heif-convert in.heic out.jpg")
                .hasMessageContaining("libheif-examples");
        // by content: a misnamed file is recognised, and the brand may be a compatible one only
        Path avif = PhotoFiles.writeBytes(dir.resolve("photo.jpg"), ImageFilesPhotoTest.isoBmff("xxxx", "avif", "mif1"));
        assertThatThrownBy(() -> ImageFiles.read(avif)).hasMessageContaining("AVIF (brand avif) image");
    }

    @Test
    void probeNamesTheFormatByContentOrWhyNot() throws IOException {
        Path png = PhotoFiles.write(PhotoFiles.random8BitRgb(3, 3, 70), "png", dir.resolve("misnamed.jpg"));
        assertThat(ImageFiles.probe(png).format()).hasValue("PNG");
        assertThat(ImageFiles.probe(png).readable()).isTrue();
        Path text = Files.writeString(dir.resolve("notes.png"), "hello\n");
        assertThat(ImageFiles.probe(text).readable()).isFalse();
        assertThat(ImageFiles.probe(text).reason()).hasValueSatisfying(r -> assertThat(r).contains("not an image"));
        Path heic = PhotoFiles.writeBytes(dir.resolve("a.heic"), ImageFilesPhotoTest.isoBmff("heic"));
        assertThat(ImageFiles.probe(heic).reason()).hasValueSatisfying(r -> assertThat(r).contains("heif-convert"));
        Path empty = Files.createFile(dir.resolve("empty.gif"));
        assertThat(ImageFiles.probe(empty).reason()).hasValueSatisfying(r -> assertThat(r).contains("empty"));
        assertThat(ImageFiles.probe(dir).readable()).isFalse();
    }

    @Test
    void pixelLimitIsCheckedBeforeThePixelsAreAllocated() throws Exception {
        // 5000 x 5000 RGB: decoding would allocate a 75 MB raster before finding the data missing.
        Path bomb = PhotoFiles.writeBytes(dir.resolve("bomb.png"), PhotoFiles.pngClaimingSize(5000, 5000));
        ImageReadOptions limited = ImageReadOptions.builder().maxPixels(1_000_000).build();
        ImageReadOptions generous = ImageReadOptions.defaults();
        readIgnoringRefusal(bomb, limited); // warm up: ImageIO's registry and classes

        long refused = allocatedWhileReading(bomb, limited);
        long attempted = allocatedWhileReading(bomb, generous);

        assertThat(attempted).as("control: without the limit the decoder allocates the raster")
                .isGreaterThan(50_000_000L);
        assertThat(refused).isLessThan(5_000_000L);
        assertThatThrownBy(() -> ImageFiles.read(bomb, limited))
                .hasMessageContaining("5000x5000 = 25000000 pixels, above the limit of 1000000 pixels");
    }

    private static long allocatedWhileReading(Path file, ImageReadOptions options) throws Exception {
        long before = currentThreadAllocatedBytes();
        readIgnoringRefusal(file, options);
        return currentThreadAllocatedBytes() - before;
    }

    /**
     * HotSpot's per-thread allocation counter, through reflection: the tests compile inside the
     * module dev.pixelprivacy.core, which does not read java.management (they run on the class path).
     */
    private static long currentThreadAllocatedBytes() throws Exception {
        Object threads = Class.forName("java.lang.management.ManagementFactory")
                .getMethod("getThreadMXBean").invoke(null);
        Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getCurrentThreadAllocatedBytes");
        return (Long) allocated.invoke(threads);
    }

    private static void readIgnoringRefusal(Path file, ImageReadOptions options) {
        try {
            ImageFiles.read(file, options);
            throw new AssertionError("a forged file was read: " + file);
        } catch (UnreadableImageException expected) {
            // refused either for its size or, when decoding was attempted, for its missing data
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTiffsShortFinalStripIsNotDamageButAShortStripElsewhereIs() {
        // 64 rows in strips of 42: 42 rows of 192 bytes (8064), then 22 rows (4224).
        assertThat(ImageFiles.isShortFinalStrip("strip/tileByteCount < required ( 8064):4224", 64)).isTrue();
        assertThat(ImageFiles.isShortFinalStrip("strip/tileByteCount < required ( 8064):4223", 64)).isFalse();
        assertThat(ImageFiles.isShortFinalStrip("strip/tileByteCount < required ( 8064):4224", 84)).isFalse();
        assertThat(ImageFiles.isShortFinalStrip("Premature end of JPEG file", 64)).isFalse();
    }
}
