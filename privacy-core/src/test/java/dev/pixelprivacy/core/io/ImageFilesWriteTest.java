package dev.pixelprivacy.core.io;

import dev.pixelprivacy.core.testing.PhotoFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesWriteTest {
    @TempDir
    Path dir;

    @Test
    void eightBitValuesSurvivePngRoundTripBitForBit() throws IOException {
        RgbImage levels = PhotoFiles.randomRgb(23, 17, 31).quantised8Bit();
        Path file = dir.resolve("levels.png");
        ImageFiles.writePng(levels, file);
        assertThat(ImageFiles.read(file)).isEqualTo(levels);
    }

    @Test
    void floatValuesRoundToTheNearestLevelInPng() throws IOException {
        RgbImage img = PhotoFiles.randomRgb(19, 7, 32);
        Path file = dir.resolve("float.png");
        ImageFiles.writePng(img, file);
        assertThat(ImageFiles.read(file)).isEqualTo(img.quantised8Bit());
        // and in the file itself: 0.999 is stored as 255, not truncated to 254
        ImageFiles.writePng(RgbImage.filled(1, 1, 0.999f, 0.3f / 255f, 0.7f / 255f), file);
        int rgb = ImageIO.read(file.toFile()).getRGB(0, 0);
        assertThat(new int[] {PhotoFiles.channel(rgb, 0), PhotoFiles.channel(rgb, 1), PhotoFiles.channel(rgb, 2)})
                .containsExactly(255, 0, 1);
    }

    @Test
    void pngFromPlanesHasTheBytesImageIoWritesForThePackedImage() throws IOException {
        RgbImage img = PhotoFiles.randomRgb(37, 21, 33);
        float[] a = PhotoFiles.randomRgb(37, 21, 34).copyOfData();
        dev.pixelprivacy.core.image.Mask alpha = dev.pixelprivacy.core.image.Mask.of(37, 21,
                java.util.Arrays.copyOf(a, 37 * 21));
        for (dev.pixelprivacy.core.image.Mask m : java.util.Arrays.asList(null, alpha)) {
            Path ours = dir.resolve("ours.png");
            Path packed = dir.resolve("packed.png");
            ImageFiles.writePng(img, m, ours, null);
            ImageIO.write(ImageConversions.toBufferedImage(img, m), "png", packed.toFile());
            assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(packed));
        }
    }

    @Test
    void pngIsEightBitRgb() throws IOException {
        Path file = dir.resolve("a.png");
        ImageFiles.writePng(PhotoFiles.randomRgb(4, 4, 33), file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(back.getColorModel().getComponentSize()).containsExactly(8, 8, 8);
    }

    @Test
    void jpegIsWrittenAtTheRequestedQuality() throws IOException {
        RgbImage img = PhotoFiles.randomRgb(48, 32, 34);
        Path low = dir.resolve("q20.jpg");
        Path task = dir.resolve("q75.jpg");
        Path high = dir.resolve("q95.jpg");
        ImageFiles.writeJpeg(img, low, 20);
        ImageFiles.writeJpeg(img, task, 75); // the MediaEval task's quality
        ImageFiles.writeJpeg(img, high, 95);
        try (ImageInputStream in = ImageIO.createImageInputStream(task.toFile())) {
            assertThat(ImageIO.getImageReaders(in).next().getFormatName()).isEqualToIgnoringCase("jpeg");
        }
        assertThat(Files.size(low)).isLessThan(Files.size(task));
        assertThat(Files.size(task)).isLessThan(Files.size(high));
        double errLow = meanAbsError(img, ImageFiles.read(low));
        double errTask = meanAbsError(img, ImageFiles.read(task));
        double errHigh = meanAbsError(img, ImageFiles.read(high));
        assertThat(errHigh).isLessThan(errTask);
        assertThat(errTask).isLessThan(errLow);
    }

    @Test
    void jpegQualityOutsideOneToHundredIsRefused() {
        RgbImage img = RgbImage.filled(2, 2, 0f, 0f, 0f);
        assertThatThrownBy(() -> ImageFiles.writeJpeg(img, dir.resolve("x.jpg"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 0");
        assertThatThrownBy(() -> ImageFiles.writeJpeg(img, dir.resolve("x.jpg"), 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 101");
        assertThat(dir.resolve("x.jpg")).doesNotExist();
    }

    @Test
    void successfulWriteLeavesOnlyTheTarget() throws IOException {
        Path target = dir.resolve("out.png");
        Files.writeString(target, "previous");
        ImageFiles.writePng(PhotoFiles.randomRgb(5, 5, 35), target);
        ImageFiles.writeJpeg(PhotoFiles.randomRgb(5, 5, 36), dir.resolve("out.jpg"), 90);
        assertThat(listNames(dir)).containsExactlyInAnyOrder("out.png", "out.jpg");
        assertThat(ImageFiles.read(target).width()).isEqualTo(5);
    }

    @Test
    void failedWriteKeepsThePreviousTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.png");
        Files.writeString(target, "previous");
        assertThatThrownBy(() -> ImageFiles.writeAtomically(target, null, out -> {
            out.write(new byte[1000]);
            throw new IOException("encoder failed half way");
        })).isInstanceOf(IOException.class).hasMessage("encoder failed half way");
        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(listNames(dir)).containsExactly("out.png");
    }

    @Test
    void writingOverTheSourceIsRefusedAndTheSourceKept() throws IOException {
        Path source = dir.resolve("photo.png");
        ImageFiles.writePng(PhotoFiles.randomRgb(6, 6, 37), source);
        byte[] original = Files.readAllBytes(source);
        RgbImage protectedImage = ImageFiles.read(source);
        Files.createDirectories(dir.resolve("sub"));
        List<Path> spellings = List.of(
                source,
                dir.resolve(".").resolve("photo.png"),
                dir.resolve("sub").resolve("..").resolve("photo.png"),
                Files.createSymbolicLink(dir.resolve("link.png"), source),
                Files.createLink(dir.resolve("hardlink.png"), source));
        for (Path target : spellings) {
            assertThatThrownBy(() -> ImageFiles.writePng(protectedImage, target, source))
                    .as(target.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("refusing to overwrite the source")
                    .hasMessageContaining(target.toString())
                    .hasMessageContaining(source.toString());
            assertThatThrownBy(() -> ImageFiles.writeJpeg(protectedImage, target, 75, source))
                    .as(target.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readAllBytes(source)).isEqualTo(original);
    }

    @Test
    void relativeTargetThatResolvesToTheSourceIsRefused() throws IOException {
        Path source = dir.resolve("photo.png");
        ImageFiles.writePng(PhotoFiles.randomRgb(3, 3, 38), source);
        Path relative = Path.of("").toAbsolutePath().relativize(source);
        assertThatThrownBy(() -> ImageFiles.writePng(PhotoFiles.randomRgb(3, 3, 39), relative, source))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherFileBesideTheSourceIsWritten() throws IOException {
        Path source = dir.resolve("photo.png");
        Files.write(source, "source bytes".getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve("photo-protected.png");
        RgbImage img = PhotoFiles.randomRgb(4, 3, 40).quantised8Bit();
        ImageFiles.writePng(img, target, source);
        assertThat(ImageFiles.read(target)).isEqualTo(img);
        assertThat(Files.readString(source)).isEqualTo("source bytes");
    }

    private static double meanAbsError(RgbImage a, RgbImage b) {
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += Math.abs(a.data()[i] - b.data()[i]);
        }
        return sum / a.data().length;
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void jpegRoundTripInMemoryEqualsWritingAndReadingTheFile(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        RgbImage img = dev.pixelprivacy.core.testing.TestImages.random8Bit(40, 30, 77);
        Path f = tmp.resolve("x.jpg");
        ImageFiles.writeJpeg(img, f, 75);
        assertThat(ImageFiles.jpegRoundTrip(img, 75)).isEqualTo(ImageFiles.read(f));
        assertThat(ImageFiles.jpegRoundTrip(img, 75)).isNotEqualTo(img);
        assertThatThrownBy(() -> ImageFiles.jpegRoundTrip(img, 0)).hasMessageContaining("[1, 100] but was 0");
    }
}
