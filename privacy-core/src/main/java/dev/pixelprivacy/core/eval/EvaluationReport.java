package dev.pixelprivacy.core.eval;

import dev.pixelprivacy.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The outcome of an {@link Evaluation}: one row per image, attack and budget; one summary per attack
 * and budget; the images that could not be used.
 *
 * @param rows per-image rows
 * @param summaries per attack and budget, in configuration order
 * @param failures images that could not be loaded, with the reason
 * @param misclassifiedWhenClean images left out because the model got them wrong when clean
 * @param imagesSeen all images offered
 * @param configuration the evaluation's settings
 */
public record EvaluationReport(List<EvaluationRow> rows, List<EvaluationSummary> summaries,
                               List<ImageFailure> failures, List<String> misclassifiedWhenClean,
                               int imagesSeen, String configuration) {

    /** Copies the lists. */
    public EvaluationReport {
        rows = List.copyOf(rows);
        summaries = List.copyOf(summaries);
        failures = List.copyOf(failures);
        misclassifiedWhenClean = List.copyOf(misclassifiedWhenClean);
    }

    private static final String ROW_HEADER = "attack,epsilon,epsilon_pixels,image,label,score_before,"
            + "prediction,correct,score_after,psnr,ssim,linf255,l2,ciede2000,"
            + "float_prediction,float_correct,float_score_after,float_psnr,float_ssim,float_linf255,float_l2,float_ciede2000";

    private static final String SUMMARY_HEADER = "attack,epsilon,epsilon_pixels,images,accuracy,accuracy_float,"
            + "mean_score_before,mean_score_after,mean_psnr,mean_ssim,mean_linf255,max_linf255,mean_ciede2000";

    /** @return the per-image rows as CSV with a header line */
    public String rowsCsv() {
        return rowsCsv(List.of(), r -> List.of());
    }

    /**
     * The per-image rows with columns of the caller's appended (what a verification found, say).
     *
     * @param extraHeader the names of the extra columns
     * @param extra the extra values of a row, one per extra column (quoted here as needed)
     * @return the rows as CSV with a header line
     * @throws IllegalArgumentException if a row's values do not match the header
     */
    public String rowsCsv(List<String> extraHeader, Function<EvaluationRow, List<String>> extra) {
        StringBuilder sb = new StringBuilder(ROW_HEADER);
        for (String h : extraHeader) {
            sb.append(',').append(csv(h));
        }
        sb.append('\n');
        for (EvaluationRow r : rows) {
            sb.append(csv(r.attack())).append(',').append(csv(r.epsilon())).append(',').append(number(r.epsilonPixels()))
                    .append(',').append(csv(r.imageId())).append(',').append(r.label()).append(',')
                    .append(number(r.scoreBefore()));
            for (Measurement m : List.of(r.written(), r.floating())) {
                sb.append(',').append(m.prediction()).append(',').append(m.correct()).append(',').append(number(m.score()))
                        .append(',').append(number(m.psnr())).append(',').append(number(m.ssim())).append(',')
                        .append(number(m.linf255())).append(',').append(number(m.l2())).append(',').append(number(m.ciede2000()));
            }
            List<String> values = extra.apply(r);
            if (values.size() != extraHeader.size()) {
                throw new IllegalArgumentException("row of " + r.imageId() + " has " + values.size()
                        + " extra values for " + extraHeader.size() + " extra columns " + extraHeader);
            }
            for (String v : values) {
                sb.append(',').append(csv(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** @return the summaries as CSV with a header line */
    public String summaryCsv() {
        StringBuilder sb = new StringBuilder(SUMMARY_HEADER).append('\n');
        for (EvaluationSummary s : summaries) {
            sb.append(csv(s.attack())).append(',').append(csv(s.epsilon())).append(',').append(number(s.epsilonPixels()))
                    .append(',').append(s.images()).append(',').append(number(s.accuracy())).append(',')
                    .append(number(s.accuracyFloat())).append(',').append(number(s.meanScoreBefore())).append(',')
                    .append(number(s.meanScoreAfter())).append(',').append(number(s.meanPsnr())).append(',')
                    .append(number(s.meanSsim())).append(',').append(number(s.meanLinf255())).append(',')
                    .append(number(s.maxLinf255())).append(',').append(number(s.meanCiede2000())).append('\n');
        }
        return sb.toString();
    }

    /** @return the summaries as a Markdown table, the paper's Table 1 layout plus distances */
    public String summaryTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| method | eps | images | top-1 accuracy | top-1 (float) | score before | score after "
                + "| PSNR (dB) | SSIM | mean Linf (/255) | max Linf (/255) | CIEDE2000 |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (EvaluationSummary s : summaries) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    s.attack(), s.epsilon(), s.images(), cell(s.accuracy(), "%.3f"), cell(s.accuracyFloat(), "%.3f"),
                    cell(s.meanScoreBefore(), "%.2f"), cell(s.meanScoreAfter(), "%.2f"), cell(s.meanPsnr(), "%.2f"),
                    cell(s.meanSsim(), "%.4f"), cell(s.meanLinf255(), "%.2f"), cell(s.maxLinf255(), "%.2f"),
                    cell(s.meanCiede2000(), "%.3f")));
        }
        return sb.toString();
    }

    /**
     * @param file target, written atomically
     * @throws IOException on failure
     */
    public void writeRowsCsv(Path file) throws IOException {
        AtomicFiles.writeString(file, rowsCsv());
    }

    /**
     * @param file target, written atomically
     * @throws IOException on failure
     */
    public void writeSummaryCsv(Path file) throws IOException {
        AtomicFiles.writeString(file, summaryCsv());
    }

    /** A table cell: '-' where there is no value (no scorer; PSNR of unchanged images). */
    private static String cell(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    /**
     * @param v a value
     * @return it as the tables write numbers: six significant digits, empty for NaN, {@code inf} and
     *     {@code -inf} for infinities
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * @param s a field
     * @return it with RFC 4180 quoting when needed
     */
    public static String csv(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
