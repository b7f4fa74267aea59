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

    private static String firstSample() throws Exception {
        try (var s = Files.list(Path.of("samples"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().findFirst()
                    .orElseThrow();
        }
    }
}
