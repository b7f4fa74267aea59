package dev.pixelprivacy.examples.report;

import dev.pixelprivacy.core.PixelPrivacyException;
import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.paper.verify.Judge;
import dev.pixelprivacy.paper.verify.JudgeVerdict;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.VerificationTally;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;

/**
 * A self-contained HTML page (every picture embedded as a PNG data URI) showing what protection did:
 * per image the original, the protected image, the perturbation amplified to be visible, the mask, and
 * the threat model's predictions before and after; for an evaluation, the summary table and the
 * accuracy chart; with a verification, a receipt per photo (each judge's class before and after the
 * platform's chain, the chain, the budget, the metrics) and the rate of class change against eps. Each page marks, once loaded, every picture with {@code data-loaded} and the body
 * with {@code data-images="loaded/total"}, so a headless browser can check that none is broken.
 */
public final class HtmlReport {
    /** Pictures wider or taller than this are shrunk (area averaging) to keep the page light. */
    public static final int MAX_SIDE = 512;

    private final String title;
    private final String settings;
    private final List<String> sections = new ArrayList<>();

    /**
     * @param title the page title
     * @param settings the configuration that produced the page, shown under the title
     */
    public HtmlReport(String title, String settings) {
        this.title = title;
        this.settings = settings;
    }

    /**
     * Adds one protected image.
     *
     * @param name the image's name
     * @param original the image the attack saw
     * @param protectedImage the result as written
     * @param mask the mask, or null
     * @param before prediction on the original
     * @param after prediction on the result
     * @param classNames names for class indices
     * @return this
     */
    public HtmlReport addImage(String name, RgbImage original, RgbImage protectedImage, Mask mask, Prediction before,
                               Prediction after, IntFunction<String> classNames) {
        sections.add(imageSection(name, original, protectedImage, mask, before, after, classNames));
        return this;
    }

    /**
     * Adds a section made earlier by {@link #imageSection}, e.g. kept from an earlier run.
     *
     * @param html the section
     * @return this
     */
    public HtmlReport addSection(String html) {
        sections.add(html);
        return this;
    }

    /**
     * One protected image's section, as {@link #addImage} adds it: for a tool that keeps the
     * sections of a resumed run's earlier images.
     *
     * @param name the image's name
     * @param original the image the attack saw
     * @param protectedImage the result as written
     * @param mask the mask, or null
     * @param before prediction on the original
     * @param after prediction on the result
     * @param classNames names for class indices
     * @return the section's HTML
     */
    public static String imageSection(String name, RgbImage original, RgbImage protectedImage, Mask mask,
                                      Prediction before, Prediction after, IntFunction<String> classNames) {
        original.requireSameSize(protectedImage);
        float[] o = original.data();
        float[] p = protectedImage.data();
        float max = 0f;
        for (int k = 0; k < o.length; k++) {
            max = Math.max(max, Math.abs(p[k] - o[k]));
        }
        float gain = max > 0 ? 0.5f / max : 0f;
        float[] diff = new float[o.length];
        for (int k = 0; k < o.length; k++) {
            diff[k] = 0.5f + gain * (p[k] - o[k]);
        }
        RgbImage amplified = RgbImage.clamped(original.width(), original.height(), diff);
        StringBuilder sb = new StringBuilder();
        sb.append("<section class=\"image\"><h2>").append(escape(name)).append("</h2>\n<div class=\"row\">")
                .append(figure(original, "original")).append(figure(protectedImage, "protected"))
                .append(figure(amplified, String.format(Locale.ROOT,
                        "perturbation x%.0f (largest change %.1f/255; grey = none)", gain, max * 255)));
        if (mask != null) {
            sb.append(figure(mask.toGreyImage(), "mask (white = full strength)"));
        }
        sb.append("</div>\n<table class=\"pred\"><tr><th></th><th>top-1</th><th>probability</th><th>top-3</th></tr>")
                .append(predictionRow("before", before, classNames)).append(predictionRow("after", after, classNames))
                .append("</table></section>\n");
        return sb.toString();
    }

    /**
     * Adds one photo's receipt ({@link #receiptSection}).
     *
     * @param name the photo's name
     * @param method the protection method
     * @param budget the budget used, as shown (e.g. {@code 8.0/255}, or how an adaptive search chose it)
     * @param verification the written file's check after the chain
     * @param original the photo the protection saw
     * @param written the protected file's pixels
     * @return this
     */
    public HtmlReport addReceipt(String name, String method, String budget, Verification verification,
                                 RgbImage original, RgbImage written) {
        sections.add(receiptSection(name, method, budget, verification, original, written));
        return this;
    }

    /**
     * A per-photo receipt: the chain the platform applies, the budget, each judge's top-1 class (and its
     * probability) on the clean photo and on the protected file after the chain and whether it changed,
     * and the written file's PSNR, SSIM, CIEDE2000 (mean and largest) and L-infinity against the
     * original. Marked up for machines too: the section has {@code class="receipt"} and
     * {@code data-chain}, each judge row {@code data-judge} and {@code data-changed}.
     *
     * @param name the photo's name
     * @param method the protection method
     * @param budget the budget used, as shown
     * @param verification the written file's check after the chain
     * @param original the photo the protection saw
     * @param written the protected file's pixels, the original's size
     * @return the section's HTML
     */
    public static String receiptSection(String name, String method, String budget, Verification verification,
                                        RgbImage original, RgbImage written) {
        StringBuilder sb = new StringBuilder("<section class=\"receipt\" data-chain=\"")
                .append(escape(verification.chain())).append("\"><h2>").append(escape(name)).append(", ").append(escape(method))
                .append(": receipt</h2>\n")
                .append("<div class=\"row\">").append(figure(original, "original")).append(figure(written, "protected file"))
                .append("</div>\n<table class=\"receipt-settings\"><tr><th>method</th><td>").append(escape(method))
                .append("</td></tr><tr><th>budget (eps)</th><td>").append(escape(budget))
                .append("</td></tr><tr><th>after the platform's chain</th><td><code>").append(escape(verification.chain()))
                .append("</code></td></tr></table>\n");
        if (verification.verdicts().isEmpty()) {
            sb.append("<p class=\"judges none\">No judge classified the file after the chain (no <code>--judge</code>); "
                    + "the metrics below are of the file as written.</p>");
        } else {
            sb.append("<table class=\"judges\"><tr><th>judge</th><th>before (clean photo)</th>"
                    + "<th>after (protected file)</th><th>class changed</th></tr>");
        }
        for (JudgeVerdict v : verification.verdicts()) {
            Judge j = v.judge();
            sb.append("<tr data-judge=\"").append(escape(j.name())).append("\" data-changed=\"").append(v.changed())
                    .append("\"><th>").append(escape(j.name())).append("</th><td>").append(escape(j.className(v.before().label())))
                    .append(String.format(Locale.ROOT, " (%.2f)", v.before().probability())).append("</td><td>")
                    .append(escape(j.className(v.after().label())))
                    .append(String.format(Locale.ROOT, " (%.2f)", v.after().probability())).append("</td><td>")
                    .append(v.changed() ? "yes" : "no").append("</td></tr>");
        }
        sb.append(verification.verdicts().isEmpty() ? "\n" : "</table>\n").append("<table class=\"metrics\"><tr><th>PSNR (dB)</th><th>SSIM</th><th>CIEDE2000 mean</th>"
                + "<th>CIEDE2000 max</th><th>Linf (/255)</th></tr><tr>").append(cell(verification.psnr(), "%.2f"))
                .append(cell(verification.ssim(), "%.4f")).append(cell(verification.ciede2000().mean(), "%.3f"))
                .append(cell(verification.ciede2000().max(), "%.2f"))
                .append(cell(ImageMetrics.linf255(original, written), "%.1f")).append("</tr></table></section>\n");
        return sb.toString();
    }

    /**
     * Adds the verification's table (per method, budget and judge, the share of photos whose class
     * changed after the chain) and its chart against eps ({@link AccuracyChart#changeChart}).
     *
     * @param chain the chain's spec
     * @param rates one per method and budget
     * @return this
     */
    public HtmlReport addVerification(String chain, List<VerificationTally.Rate> rates) {
        List<String> judges = rates.isEmpty() ? List.of() : rates.get(0).judges();
        StringBuilder sb = new StringBuilder("<section class=\"verification\"><h2>After the platform's chain</h2>\n<p>")
                .append("Clean photos and written files both went through <code>").append(escape(chain))
                .append(judges.isEmpty() ? "</code>; no judge was given (<code>--judge</code>), so nothing classified "
                        + "the files after it; the metrics are the written files'.</p>\n" : "</code>; share of photos whose class "
                        + "changed, per judge.</p>\n")
                .append("<table class=\"rates\"><tr><th>method</th><th>eps</th><th>images</th>");
        judges.forEach(j -> sb.append("<th>").append(escape(j)).append("</th>"));
        sb.append("<th>every judge</th><th>PSNR (dB)</th><th>SSIM</th><th>CIEDE2000</th></tr>\n");
        for (VerificationTally.Rate r : rates) {
            sb.append("<tr><td>").append(escape(r.method())).append("</td><td>").append(escape(r.epsilon()))
                    .append("</td><td>").append(r.images()).append("</td>");
            r.changed().forEach(c -> sb.append(cell(c, "%.3f")));
            sb.append(judges.isEmpty() ? "<td>no judge</td>" : cell(r.allChanged(), "%.3f")).append(cell(r.meanPsnr(), "%.2f")).append(cell(r.meanSsim(), "%.4f"))
                    .append(cell(r.meanCiede2000(), "%.3f")).append("</tr>\n");
        }
        sb.append("</table>\n");
        if (judges.isEmpty()) { // no rate to chart
            sections.add(sb.append("</section>\n").toString());
            return this;
        }
        try {
            sb.append("<figure><img alt=\"rate of class change against eps\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(AccuracyChart.changePngBytes(rates)))
                    .append("\"><figcaption>rate of class change after the chain against eps</figcaption></figure>");
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw the verification chart", e);
        }
        sections.add(sb.append("</section>\n").toString());
        return this;
    }

    /**
     * Adds an evaluation's summary table and accuracy chart.
     *
     * @param report the evaluation
     * @return this
     */
    public HtmlReport addEvaluation(EvaluationReport report) {
        StringBuilder sb = new StringBuilder("<section class=\"evaluation\"><h2>Evaluation</h2>\n<table class=\"summary\">");
        sb.append("<tr><th>method</th><th>eps</th><th>images</th><th>top-1 accuracy</th><th>top-1 (float)</th>"
                + "<th>score before</th><th>score after</th><th>PSNR (dB)</th><th>SSIM</th><th>mean Linf (/255)</th>"
                + "<th>max Linf (/255)</th><th>CIEDE2000</th></tr>\n");
        for (var s : report.summaries()) {
            sb.append("<tr><td>").append(escape(s.attack())).append("</td><td>").append(escape(s.epsilon()))
                    .append("</td><td>").append(s.images()).append("</td>").append(cell(s.accuracy(), "%.3f"))
                    .append(cell(s.accuracyFloat(), "%.3f")).append(cell(s.meanScoreBefore(), "%.2f"))
                    .append(cell(s.meanScoreAfter(), "%.2f")).append(cell(s.meanPsnr(), "%.2f"))
                    .append(cell(s.meanSsim(), "%.4f")).append(cell(s.meanLinf255(), "%.2f"))
                    .append(cell(s.maxLinf255(), "%.2f")).append(cell(s.meanCiede2000(), "%.3f")).append("</tr>\n");
        }
        sb.append("</table>\n");
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(AccuracyChart.chart(report.summaries()), BitmapEncoder.BitmapFormat.PNG);
            sb.append("<figure><img alt=\"accuracy against eps\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>top-1 accuracy against eps")
                    .append("</figcaption></figure>");
        } catch (IOException e) {
            throw new UncheckedIOException("could not draw the accuracy chart", e);
        }
        sb.append("<p>").append(report.imagesSeen()).append(" images, ").append(report.misclassifiedWhenClean().size())
                .append(" misclassified when clean (left out), ").append(report.failures().size())
                .append(" failed (unreadable, refused or a model error).</p></section>\n");
        sections.add(sb.toString());
        return this;
    }

    /** @return the page */
    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
                        + "figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}"
                        + "figure img{max-width:256px;image-rendering:pixelated;border:1px solid #ccc}"
                        + "figcaption{font-size:.85em;max-width:256px}table{border-collapse:collapse;margin:.5em 0}"
                        + "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}"
                        + ".evaluation figure img,.verification figure img{max-width:800px}th{text-align:left}"
                        + ".receipt tr[data-changed=true] td:last-child{color:#070;font-weight:bold}section{margin-bottom:2em}.settings{font-size:.8em;color:#555}</style>\n"
                        + "<script>window.addEventListener('load',function(){var a=document.images,n=0;"
                        + "for(var i=0;i<a.length;i++){var ok=a[i].complete&&a[i].naturalWidth>0;"
                        + "a[i].setAttribute('data-loaded',ok?'true':'false');if(ok){n++;}}"
                        + "document.body.setAttribute('data-images',n+'/'+a.length);});</script>\n</head><body><h1>")
                .append(escape(title)).append("</h1>\n<p class=\"settings\"><code>").append(escape(settings))
                .append("</code></p>\n");
        sections.forEach(sb::append);
        return sb.append("</body></html>\n").toString();
    }

    /**
     * @param dir the report folder, created if needed; the page is {@code index.html}, written atomically
     * @return the page's path
     * @throws IOException if writing fails
     */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path page = dir.resolve("index.html");
        AtomicFiles.writeString(page, html());
        return page;
    }

    private static String predictionRow(String when, Prediction p, IntFunction<String> names) {
        StringBuilder top = new StringBuilder();
        int[] k = p.topK(Math.min(3, p.probabilities().length));
        for (int i = 0; i < k.length; i++) {
            top.append(i == 0 ? "" : ", ").append(escape(names.apply(k[i])))
                    .append(String.format(Locale.ROOT, " %.2f", p.probabilities()[k[i]]));
        }
        return "<tr><th>" + when + "</th><td>" + escape(names.apply(p.label())) + "</td><td>"
                + String.format(Locale.ROOT, "%.3f", p.probability()) + "</td><td>" + top + "</td></tr>";
    }

    private static String figure(RgbImage image, String caption) {
        return "<figure><img alt=\"" + escape(caption) + "\" src=\"data:image/png;base64," + pngBase64(image)
                + "\"><figcaption>" + escape(caption) + "</figcaption></figure>";
    }

    static String pngBase64(RgbImage image) {
        RgbImage shown = image;
        int longest = Math.max(image.width(), image.height());
        if (longest > MAX_SIDE) {
            double f = (double) MAX_SIDE / longest;
            shown = Resize.image(image, Math.max(1, (int) Math.round(image.width() * f)),
                    Math.max(1, (int) Math.round(image.height() * f)));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(ImageConversions.toBufferedImage(shown), "png", bytes)) {
                throw new PixelPrivacyException("the JDK has no PNG writer (ImageIO)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a report picture", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String cell(double v, String format) {
        return "<td>" + (Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v)) + "</td>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
