package dev.pixelprivacy.examples.report;

import dev.pixelprivacy.core.PixelPrivacyException;
import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.core.io.ImageConversions;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.filters.Resize;
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
 * accuracy chart. Each page marks, once loaded, every picture with {@code data-loaded} and the body
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
     * Adds an evaluation's summary table and accuracy chart.
     *
     * @param report the evaluation
     * @return this
     */
    public HtmlReport addEvaluation(EvaluationReport report) {
        StringBuilder sb = new StringBuilder("<section class=\"evaluation\"><h2>Evaluation</h2>\n<table class=\"summary\">");
        sb.append("<tr><th>method</th><th>eps</th><th>images</th><th>top-1 accuracy</th><th>top-1 (float)</th>"
                + "<th>score before</th><th>score after</th><th>PSNR (dB)</th><th>SSIM</th><th>mean Linf (/255)</th>"
                + "<th>max Linf (/255)</th></tr>\n");
        for (var s : report.summaries()) {
            sb.append("<tr><td>").append(escape(s.attack())).append("</td><td>").append(escape(s.epsilon()))
                    .append("</td><td>").append(s.images()).append("</td>").append(cell(s.accuracy(), "%.3f"))
                    .append(cell(s.accuracyFloat(), "%.3f")).append(cell(s.meanScoreBefore(), "%.2f"))
                    .append(cell(s.meanScoreAfter(), "%.2f")).append(cell(s.meanPsnr(), "%.2f"))
                    .append(cell(s.meanSsim(), "%.4f")).append(cell(s.meanLinf255(), "%.2f"))
                    .append(cell(s.maxLinf255(), "%.2f")).append("</tr>\n");
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
                        + ".evaluation figure img{max-width:800px}section{margin-bottom:2em}.settings{font-size:.8em;color:#555}</style>\n"
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
