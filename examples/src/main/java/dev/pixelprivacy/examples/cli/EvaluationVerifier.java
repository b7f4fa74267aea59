package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.eval.Evaluation;
import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.core.eval.EvaluationRow;
import dev.pixelprivacy.core.eval.ImageFailure;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.examples.report.HtmlReport;
import dev.pixelprivacy.paper.verify.AdaptiveBudget;
import dev.pixelprivacy.paper.verify.Judge;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.VerificationTally;
import dev.pixelprivacy.paper.verify.Verifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Verifies every protection an evaluation makes, as it is made: the clean photo (once per image) and
 * the written image through the chain and the judges; with an adaptive budget, the smallest working eps
 * of each photo and method; with a report, one receipt per photo and method (at the adaptive budget, or
 * at the grid's largest).
 */
final class EvaluationVerifier implements Evaluation.Progress {
    /** The adaptive budget of one photo under one method. */
    record AdaptiveRow(String imageId, String method, AdaptiveBudget.Result result) {}

    private final Verifier verifier;
    private final AdaptiveBudget adaptive;
    private final Map<String, Function<Epsilon, ImageProtection>> factories;
    private final Epsilon receiptBudget;
    private final boolean receipts;
    private String baselineId;
    private Verifier.Baseline baseline;
    private final Map<List<String>, Verification> byRow = new HashMap<>();
    private final List<AdaptiveRow> adaptiveRows = new ArrayList<>();
    private final Map<List<String>, String> receiptSections = new LinkedHashMap<>();
    private final Set<List<String>> searched = new HashSet<>();
    private List<VerificationTally.Rate> rates;

    /**
     * @param verifier the chain and the judges
     * @param adaptive the budget search, or null
     * @param factories each method's protection for a budget, by the method's name in the evaluation
     * @param budgets the evaluation's grid
     * @param receipts whether to keep a receipt per photo and method for the HTML report
     */
    EvaluationVerifier(Verifier verifier, AdaptiveBudget adaptive, Map<String, Function<Epsilon, ImageProtection>> factories,
                       List<Epsilon> budgets, boolean receipts) {
        this.verifier = verifier;
        this.adaptive = adaptive;
        this.factories = factories;
        Epsilon largest = budgets.get(0);
        for (Epsilon e : budgets) {
            largest = e.max() > largest.max() ? e : largest;
        }
        this.receiptBudget = largest;
        this.receipts = receipts;
    }

    @Override
    public void imageDone(int imagesDone, String imageId) {
        baseline = null;
        baselineId = null;
    }

    @Override
    public void resultDone(String imageId, String method, Epsilon eps, ProtectionResult r) {
        RgbImage clean = r.input();
        if (baseline == null || !imageId.equals(baselineId) || !baseline.original().sameSize(clean)) {
            baseline = verifier.baseline(clean);
            baselineId = imageId;
        }
        Verification v = baseline.verify(r.output());
        byRow.put(List.of(imageId, method, eps.label()), v);
        List<String> pair = List.of(imageId, method);
        if (adaptive != null) {
            if (searched.add(pair)) {
                Function<Epsilon, ImageProtection> factory = factories.get(method);
                AdaptiveBudget.Result a = adaptive.search(baseline,
                        e -> factory.apply(e).protect(clean, r.trueLabel()).output());
                adaptiveRows.add(new AdaptiveRow(imageId, method, a));
                if (receipts) {
                    String budget = a.found()
                            ? Epsilon.of255(a.level()).label() + " (adaptive: the smallest of 1/255.." + adaptive.maxLevel()
                                    + "/255 found to change every judge" + (a.exact() ? "" : ", an upper bound") + ")"
                            : "none up to " + adaptive.maxLevel() + "/255 changes every judge (shown at "
                                    + adaptive.maxLevel() + "/255)";
                    receiptSections.put(pair, HtmlReport.receiptSection(imageId, method, budget, a.verification(),
                            clean, a.image()));
                }
            }
        } else if (receipts && eps.equals(receiptBudget)) {
            receiptSections.put(pair, HtmlReport.receiptSection(imageId, method, eps.label() + " (the grid's largest)",
                    v, clean, r.output()));
        }
    }

    /**
     * Forgets what was found for images whose rows the evaluation dropped (a failure after some of its
     * protections).
     *
     * @param report the evaluation's outcome
     */
    void dropFailed(EvaluationReport report) {
        Set<String> failed = new HashSet<>();
        for (ImageFailure f : report.failures()) {
            failed.add(f.imageId());
        }
        byRow.keySet().removeIf(k -> failed.contains(k.get(0)));
        adaptiveRows.removeIf(a -> failed.contains(a.imageId()));
        receiptSections.keySet().removeIf(k -> failed.contains(k.get(0)));
    }

    /** @return the names of the columns each row gets */
    List<String> rowHeader() {
        return VerificationOptions.header(verifier.judges());
    }

    /**
     * @param row an evaluation row
     * @return its verification columns
     */
    List<String> rowColumns(EvaluationRow row) {
        return VerificationOptions.columns(byRow.get(List.of(row.imageId(), row.attack(), row.epsilon())),
                verifier.judges());
    }

    /**
     * @param report the evaluation's outcome
     * @return the rates per method and budget, over the report's rows
     */
    List<VerificationTally.Rate> rates(EvaluationReport report) {
        if (rates == null) {
            VerificationTally tally = new VerificationTally(verifier.judges().stream().map(Judge::name).toList());
            for (EvaluationRow row : report.rows()) {
                Verification v = byRow.get(List.of(row.imageId(), row.attack(), row.epsilon()));
                if (v != null) {
                    tally.add(row.attack(), row.epsilon(), row.epsilonPixels(), v);
                }
            }
            rates = tally.rates();
        }
        return rates;
    }

    /** @return the adaptive budgets, per photo and method in the order found */
    List<AdaptiveRow> adaptiveRows() {
        return adaptiveRows;
    }

    /** @return the receipts' HTML sections, per photo and method */
    List<String> receipts() {
        return new ArrayList<>(receiptSections.values());
    }
}
