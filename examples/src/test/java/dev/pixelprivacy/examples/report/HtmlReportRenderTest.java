package dev.pixelprivacy.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.examples.cli.PixelPrivacy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The visual reports, rendered in headless Chromium: every picture must decode. */
class HtmlReportRenderTest {

    private static int run(String... args) {
        return PixelPrivacy.commandLine().setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(new StringWriter())).execute(args);
    }

    @Test
    void theProtectReportShowsEveryPictureAndAMissingOneIsCaught(@TempDir Path dir) throws Exception {
        assertThat(run("protect", "samples/beach-1.png", "samples/forest-2.png", "samples/night-city-1.png",
                "-o", dir.resolve("out").toString(), "--mask", "salient-defence", "--report", dir.resolve("report").toString()))
                .isZero();
        Path page = dir.resolve("report").resolve("index.html");
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("beach-1.png", "forest-2.png", "night-city-1.png", "before", "after", "perturbation x");
        // original, protected, amplified perturbation and mask for each of the 3 images
        assertThat(HeadlessChromium.load(page, dir.resolve("profile"))).isEqualTo(new HeadlessChromium.Loaded(12, 12));

        // A picture whose data is damaged must be reported as not loaded.
        int at = html.indexOf("base64,") + "base64,".length();
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, html.substring(0, at) + "AAAA" + html.substring(at + 40), StandardCharsets.UTF_8);
        assertThat(HeadlessChromium.load(broken, dir.resolve("profile2"))).isEqualTo(new HeadlessChromium.Loaded(11, 12));
    }

    @Test
    void theEvaluateReportShowsTheTableAndTheChart(@TempDir Path dir) throws Exception {
        assertThat(run("evaluate", "samples", "-o", dir.resolve("out").toString(), "--eps", "0,4/255", "--report",
                dir.resolve("report").toString())).isZero();
        Path page = dir.resolve("report").resolve("index.html");
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("<table class=\"summary\">", "<td>fgsm</td>");
        assertThat(HeadlessChromium.load(page, dir.resolve("profile"))).isEqualTo(new HeadlessChromium.Loaded(1, 1));
    }
}
