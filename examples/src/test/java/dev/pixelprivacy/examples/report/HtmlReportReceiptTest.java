package dev.pixelprivacy.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.examples.testing.BrightnessJudges;
import dev.pixelprivacy.paper.verify.Judge;
import dev.pixelprivacy.paper.verify.PlatformChain;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.VerificationTally;
import dev.pixelprivacy.paper.verify.Verifier;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.swing.text.MutableAttributeSet;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.parser.ParserDelegator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-photo receipt, read back with the JDK's HTML parser ({@code javax.swing.text.html.parser}) and
 * rendered in headless Chromium. Judges: two closed-form linear classifiers on a flat grey photo that the
 * "protection" brightens by 8 levels, so which judge changes is known.
 */
class HtmlReportReceiptTest {
    private static final RgbImage GREY = BrightnessJudges.grey(32, 100);
    private static final RgbImage BRIGHTER = BrightnessJudges.grey(32, 108);

    /** Class 1 when the 16x16 image (after the chain's halving) is brighter than level {@code 100 + k - 0.5}. */
    private static Judge brighterThan(String name, int k) {
        return BrightnessJudges.brighterThan(name, 16, k);
    }

    /** What a parser saw: per tag name, the attributes of each occurrence, and the text. */
    private static final class Parsed extends HTMLEditorKit.ParserCallback {
        final Map<String, List<Map<String, String>>> tags = new LinkedHashMap<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void handleStartTag(HTML.Tag t, MutableAttributeSet a, int pos) {
            record(t, a);
        }

        @Override
        public void handleSimpleTag(HTML.Tag t, MutableAttributeSet a, int pos) {
            record(t, a);
        }

        @Override
        public void handleText(char[] data, int pos) {
            text.append(data).append(' ');
        }

        private void record(HTML.Tag t, MutableAttributeSet a) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (var names = a.getAttributeNames(); names.hasMoreElements(); ) {
                Object n = names.nextElement();
                attrs.put(n.toString(), String.valueOf(a.getAttribute(n)));
            }
            // Tags the HTML 3.2 parser does not know (section) arrive once opened and once closed.
            if (!Boolean.parseBoolean(attrs.getOrDefault("endtag", "false"))) {
                tags.computeIfAbsent(t.toString(), k -> new ArrayList<>()).add(attrs);
            }
        }

        List<Map<String, String>> withAttribute(String name) {
            List<Map<String, String>> out = new ArrayList<>();
            tags.values().forEach(l -> l.stream().filter(m -> m.containsKey(name)).forEach(out::add));
            return out;
        }
    }

    private static Parsed parse(String html) throws IOException {
        Parsed p = new Parsed();
        new ParserDelegator().parse(new StringReader(html), p, true);
        return p;
    }

    private static Verifier verifier() {
        return Verifier.of(PlatformChain.parse("resize:16:area,jpeg:90"),
                List.of(brighterThan("white-box.onnx", 4), brighterThan("never-attacked.onnx", 12)));
    }

    private static Verification verification() {
        return verifier().verify(GREY, BRIGHTER);
    }

    @Test
    void theReceiptNamesTheChainTheBudgetEachJudgeAndTheMetrics() throws IOException {
        Verification v = verification();
        String html = new HtmlReport("receipt", "settings")
                .addReceipt("photo.png", "pgd", "8.0/255", v, GREY, BRIGHTER).html();
        Parsed p = parse(html);
        List<Map<String, String>> receipts = p.withAttribute("data-chain");
        assertThat(receipts).hasSize(1);
        assertThat(receipts.get(0)).containsEntry("class", "receipt").containsEntry("data-chain", "resize:16:area,jpeg:90");
        List<Map<String, String>> judges = p.withAttribute("data-judge");
        assertThat(judges).extracting(m -> m.get("data-judge")).containsExactly("white-box.onnx", "never-attacked.onnx");
        assertThat(judges).extracting(m -> m.get("data-changed")).containsExactly("true", "false");
        String text = p.text.toString().replaceAll("\\s+", " ");
        assertThat(text).contains("photo.png, pgd: receipt", "budget (eps) 8.0/255", "resize:16:area,jpeg:90",
                "white-box.onnx dim (", "bright (", "yes", "never-attacked.onnx dim (", "no", "CIEDE2000 mean");
        // PSNR of a uniform 8-level change: 20 log10(255 / 8) = 30.07 dB; Linf 8.0.
        assertThat(text).contains("30.07", "8.0");
        assertThat(p.tags.get("img")).hasSize(2);
    }

    @Test
    void theVerificationSectionHasTheRatesAndItsChartAndThePageRenders(@TempDir Path dir) throws IOException, InterruptedException {
        VerificationTally tally = new VerificationTally(List.of("white-box.onnx", "never-attacked.onnx"));
        Verification v = verification();
        tally.add("pgd", "8.0/255", 8 / 255.0, v);
        tally.add("pgd", "8.0/255", 8 / 255.0, v);
        tally.add("pgd", "0.0", 0, verifier().verify(GREY, GREY));
        HtmlReport report = new HtmlReport("verification", "settings").addVerification("resize:16:area,jpeg:90", tally.rates())
                .addReceipt("photo.png", "pgd", "8.0/255", v, GREY, BRIGHTER);
        Parsed p = parse(report.html());
        String text = p.text.toString().replaceAll("\\s+", " ");
        assertThat(text).contains("After the platform's chain", "pgd 8.0/255 2 1.000 0.000 0.000", "pgd 0.0 1 0.000 0.000 0.000");
        // the chart and the receipt's two pictures
        assertThat(p.tags.get("img")).hasSize(3);
        Path page = report.write(dir.resolve("report"));
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("class=\"verification\"");
        assertThat(HeadlessChromium.load(page, dir.resolve("profile"))).isEqualTo(new HeadlessChromium.Loaded(3, 3));
    }

    @Test
    void withoutAJudgeTheReceiptAndTheRatesSaySoInsteadOfAnEmptyTableAndAZeroRate() throws IOException {
        Verifier none = Verifier.of(PlatformChain.parse("resize:16:area,jpeg:90"), List.of());
        Verification v = none.verify(GREY, BRIGHTER);
        VerificationTally tally = new VerificationTally(List.of());
        tally.add("fgsm", "8/255", 8 / 255.0, v);
        String html = new HtmlReport("verification", "settings").addVerification("resize:16:area,jpeg:90", tally.rates())
                .addReceipt("photo.png", "fgsm", "8/255", v, GREY, BRIGHTER).html();
        Parsed p = parse(html);
        String text = p.text.toString().replaceAll("\\s+", " ");
        assertThat(text).contains("no judge was given", "fgsm 8/255 1 no judge 30.07",
                "No judge classified the file after the chain", "CIEDE2000 mean");
        assertThat(p.withAttribute("data-judge")).isEmpty();
        assertThat(html).doesNotContain("class=\"judges\"").doesNotContain("rate of class change against eps");
        assertThat(p.tags.get("img")).hasSize(2); // the receipt's two pictures, no chart of rates that do not exist
    }
}
