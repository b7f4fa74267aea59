package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.paper.verify.AdaptiveBudget;
import dev.pixelprivacy.paper.verify.Judge;
import dev.pixelprivacy.paper.verify.JudgeVerdict;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.VerificationTally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The verification's tables: rates per method, budget and judge; the adaptive budgets per photo. */
final class VerificationTables {
    private VerificationTables() {}

    /**
     * @param rates one per method and budget
     * @return CSV with a header line: the share of photos whose class changed, per judge and for all
     */
    static String ratesCsv(List<VerificationTally.Rate> rates) {
        StringBuilder sb = new StringBuilder("method,epsilon,epsilon_pixels,images");
        if (!rates.isEmpty()) {
            for (String j : rates.get(0).judges()) {
                sb.append(',').append(EvaluationReport.csv("changed_" + j));
            }
        }
        sb.append(",all_judges_changed,mean_psnr,mean_ssim,mean_ciede2000\n");
        for (VerificationTally.Rate r : rates) {
            sb.append(EvaluationReport.csv(r.method())).append(',').append(EvaluationReport.csv(r.epsilon())).append(',')
                    .append(EvaluationReport.number(r.epsilonPixels())).append(',').append(r.images());
            for (double c : r.changed()) {
                sb.append(',').append(EvaluationReport.number(c));
            }
            sb.append(',').append(EvaluationReport.number(r.allChanged())).append(',')
                    .append(EvaluationReport.number(r.meanPsnr())).append(',').append(EvaluationReport.number(r.meanSsim()))
                    .append(',').append(EvaluationReport.number(r.meanCiede2000())).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param chain the chain's spec
     * @param rates one per method and budget
     * @return a Markdown table of the same
     */
    static String ratesMarkdown(String chain, List<VerificationTally.Rate> rates) {
        List<String> judges = rates.isEmpty() ? List.of() : rates.get(0).judges();
        StringBuilder sb = new StringBuilder("After `").append(chain).append(judges.isEmpty()
                ? "`, with no judge (no `--judge`): nothing classified the files; the metrics are the written files'.\n\n"
                : "`, share of photos whose class changed:\n\n");
        sb.append("| method | eps | images |");
        judges.forEach(j -> sb.append(' ').append(j).append(" |"));
        sb.append(" every judge | PSNR (dB) | SSIM | CIEDE2000 |\n|---|---|---|");
        judges.forEach(j -> sb.append("---|"));
        sb.append("---|---|---|---|\n");
        for (VerificationTally.Rate r : rates) {
            sb.append("| ").append(r.method()).append(" | ").append(r.epsilon()).append(" | ").append(r.images()).append(" |");
            r.changed().forEach(c -> sb.append(' ').append(cell(c, "%.3f")).append(" |"));
            sb.append(' ').append(judges.isEmpty() ? "no judge" : cell(r.allChanged(), "%.3f")).append(" | ").append(cell(r.meanPsnr(), "%.2f")).append(" | ")
                    .append(cell(r.meanSsim(), "%.4f")).append(" | ").append(cell(r.meanCiede2000(), "%.3f")).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * @param rows the adaptive budgets
     * @param judges the judges
     * @return CSV with a header line, one line per photo and method
     */
    static String adaptiveCsv(List<EvaluationVerifier.AdaptiveRow> rows, List<Judge> judges) {
        StringBuilder sb = new StringBuilder("image,method,eps255,exact,failed_eps255,protections,tried");
        for (Judge j : judges) {
            sb.append(',').append(EvaluationReport.csv("changed_" + j.name()));
        }
        sb.append(",written_psnr,written_ssim,written_ciede2000\n");
        for (EvaluationVerifier.AdaptiveRow row : rows) {
            AdaptiveBudget.Result a = row.result();
            List<String> tried = new ArrayList<>();
            a.trials().forEach(t -> tried.add(t.level() + (t.allChanged() ? "+" : "-")));
            Verification v = a.verification();
            sb.append(EvaluationReport.csv(row.imageId())).append(',').append(EvaluationReport.csv(row.method())).append(',')
                    .append(a.found() ? Integer.toString(a.level()) : "").append(',').append(a.exact()).append(',')
                    .append(a.failedLevel()).append(',').append(a.calls()).append(',').append(String.join(" ", tried));
            for (JudgeVerdict d : v.verdicts()) {
                sb.append(',').append(d.changed());
            }
            sb.append(',').append(EvaluationReport.number(v.psnr())).append(',').append(EvaluationReport.number(v.ssim()))
                    .append(',').append(EvaluationReport.number(v.ciede2000().mean())).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param rows the adaptive budgets
     * @param adaptive the search's settings
     * @return a Markdown table per method: photos, how many a budget was found for, its mean and largest
     */
    static String adaptiveMarkdown(List<EvaluationVerifier.AdaptiveRow> rows, AdaptiveBudget adaptive) {
        Map<String, List<AdaptiveBudget.Result>> byMethod = new LinkedHashMap<>();
        rows.forEach(r -> byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r.result()));
        StringBuilder sb = new StringBuilder("Adaptive eps (smallest of 1/255.." + adaptive.maxLevel()
                + "/255 that changes every judge's class after the chain, at most " + adaptive.maxCalls()
                + " protections per photo):\n\n| method | photos | found | mean eps (/255) | largest eps (/255) |"
                + " mean SSIM | mean CIEDE2000 |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<AdaptiveBudget.Result>> e : byMethod.entrySet()) {
            int found = 0;
            double sum = 0;
            int max = 0;
            double ssim = 0;
            double ciede = 0;
            for (AdaptiveBudget.Result a : e.getValue()) {
                if (a.found()) {
                    found++;
                    sum += a.level();
                    max = Math.max(max, a.level());
                    ssim += a.verification().ssim();
                    ciede += a.verification().ciede2000().mean();
                }
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s |%n", e.getKey(), e.getValue().size(),
                    found, cell(found == 0 ? Double.NaN : sum / found, "%.2f"), found == 0 ? "-" : Integer.toString(max),
                    cell(found == 0 ? Double.NaN : ssim / found, "%.4f"), cell(found == 0 ? Double.NaN : ciede / found, "%.3f")));
        }
        return sb.toString();
    }

    private static String cell(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }
}
