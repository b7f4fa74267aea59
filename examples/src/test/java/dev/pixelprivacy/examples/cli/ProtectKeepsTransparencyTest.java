package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectKeepsTransparencyTest {
    /** A sample photo with a fully transparent band on the left, then alpha rising to the right. */
    private static BufferedImage transparentSample() throws Exception {
        BufferedImage sample = ImageIO.read(Path.of("samples").resolve(firstSample()).toFile());
        int w = sample.getWidth();
        int h = sample.getHeight();
        BufferedImage transparent = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int alpha = x < w / 4 ? 0 : (x * 255 / (w - 1));
                transparent.setRGB(x, y, (alpha << 24) | (sample.getRGB(x, y) & 0xffffff));
            }
        }
        return transparent;
    }

    @Test
    void aProtectedPngKeepsTheInputsAlphaExactly(@TempDir Path dir) throws Exception {
        BufferedImage transparent = transparentSample();
        int w = transparent.getWidth();
        int h = transparent.getHeight();
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageIO.write(transparent, "png", in.resolve("logo.png").toFile());
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("protect", in.toString(), "-o", out.toString(), "-q");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);

        BufferedImage written = ImageIO.read(out.resolve("logo.png").toFile());
        assertThat(written.getColorModel().hasAlpha()).isTrue();
        int colourChanged = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertThat(written.getRGB(x, y) >>> 24).as("alpha at (%d, %d)", x, y)
                        .isEqualTo(transparent.getRGB(x, y) >>> 24);
                colourChanged += (written.getRGB(x, y) & 0xffffff) != (transparent.getRGB(x, y) & 0xffffff) ? 1 : 0;
            }
        }
        assertThat(colourChanged).as("the colour is protected").isGreaterThan(w * h / 10);
    }

    @Test
    void resizingWithSizeResizesTheAlphaAlike(@TempDir Path dir) throws Exception {
        BufferedImage transparent = transparentSample();
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageIO.write(transparent, "png", in.resolve("logo.png").toFile());
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("protect", in.toString(), "-o", out.toString(), "--size", "128", "-q");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);

        BufferedImage written = ImageIO.read(out.resolve("logo.png").toFile());
        assertThat(written.getWidth()).isEqualTo(128);
        // area averaging by 2: the transparent band stays transparent, the opaque right edge near opaque
        assertThat(written.getRGB(10, 64) >>> 24).isZero();
        assertThat(written.getRGB(127, 64) >>> 24).isGreaterThan(250);
    }

    @Test
    void aTransparentImageIsRefusedForJpegOutputAndKeptAsPngWithSame(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageIO.write(transparentSample(), "png", in.resolve("logo.png").toFile());
        CliRun jpeg = CliRun.of("protect", in.toString(), "-o", dir.resolve("jpeg").toString(), "--format", "jpeg", "-q");
        assertThat(jpeg.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(jpeg.err()).contains("logo.png", "transparent pixels", "--format png");
        assertThat(dir.resolve("jpeg").resolve("logo.jpg")).doesNotExist();

        CliRun same = CliRun.of("protect", in.toString(), "-o", dir.resolve("same").toString(), "--format", "same", "-q");
        assertThat(same.code()).as(same.err()).isEqualTo(ExitCodes.OK);
        assertThat(ImageIO.read(dir.resolve("same").resolve("logo.png").toFile()).getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void anAnimatedGifIsProtectedAsItsFirstFrameWithANotice(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        BufferedImage first = ImageIO.read(Path.of("samples").resolve(firstSample()).toFile());
        BufferedImage frame = new BufferedImage(first.getWidth(), first.getHeight(), BufferedImage.TYPE_INT_RGB);
        frame.getGraphics().drawImage(first, 0, 0, null);
        writeTwoFrameGif(in.resolve("anim.gif"), frame);
        CliRun r = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString(), "-q");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("anim.gif", "notice: 2 frames", "only the first");
        assertThat(dir.resolve("out").resolve("anim.png")).exists();
    }

    private static void writeTwoFrameGif(Path file, BufferedImage frame) throws Exception {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
            writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static String firstSample() throws Exception {
        try (var s = Files.list(Path.of("samples"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().findFirst()
                    .orElseThrow();
        }
    }
}
