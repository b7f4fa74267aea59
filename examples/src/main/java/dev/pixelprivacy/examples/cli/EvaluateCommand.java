package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.eval.Evaluation;
import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.core.eval.ImageFailure;
import dev.pixelprivacy.core.eval.LabelledImage;
import dev.pixelprivacy.core.eval.LabelledImages;
import dev.pixelprivacy.core.io.ImageReadOptions;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.examples.report.AccuracyChart;
import dev.pixelprivacy.examples.report.HtmlReport;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.paper.PaperMethod;
import dev.pixelprivacy.paper.PaperMethods;
import dev.pixelprivacy.paper.RobustProtection;
import dev.pixelprivacy.paper.reference.ReferenceCodeModels;
import dev.pixelprivacy.paper.verify.AdaptiveBudget;
import dev.pixelprivacy.paper.verify.VerificationTally;
import dev.pixelprivacy.paper.verify.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs attacks, or the paper's methods, for a list of budgets over a labelled folder and writes the tables. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measures how far the threat model's top-1 accuracy falls, and what the perturbation costs",
                "in PSNR, SSIM and L-infinity (and NIMA score with --nima), for each method and budget over a",
                "labelled folder. Counts only images the model gets right when clean. Writes rows.csv,",
                "summary.csv, summary.md and accuracy.png (accuracy against eps, the paper's Figure 2).",
                "With --paper it runs the paper's grid: FGSM, Salient Defence, Salient Defence + tilt-shift",
                "and (with --nima) Coupled Optimisation, on photos resized to 256x256 as the task did.",
                "With --judge and --after, each written image and its clean photo also go through the platform's",
                "chain and every judge (models not attacked) classifies both: rows.csv gets their classes,",
                "verification.csv and verification.png each method's rate of class change per judge against eps;",
                "with --adaptive-eps, adaptive.csv the smallest eps per photo that changes every judge."})
final class EvaluateCommand implements Callable<Integer> {
    private static final List<String> TABLES = List.of("rows.csv", "summary.csv", "summary.md", "accuracy.png");
    private static final List<String> VERIFICATION_TABLES = List.of("verification.csv", "verification.png");
    private static final String ADAPTIVE_TABLE = "adaptive.csv";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Mixin
    VerificationOptions verification = new VerificationOptions();

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder of images.")
    Path folder;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "'file,label' or 'file label' per line (default: FOLDER/labels.csv).")
    Path labels;

    @Option(names = "--ids", paramLabel = "LIST",
            description = "Evaluate only the files named in this list, one per line (like the task's MEPP19test.csv).")
    Path ids;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder for the tables.")
    Path output;

    @Option(names = "--paper", description = "Run the paper's methods (see above) instead of --methods and --mask.")
    boolean paper;

    @Option(names = "--compat", description = "With --paper: reproduce the authors' reference code (normalised-space "
            + "eps without clipping, min-max output, reference edge map, dithered tilt-shift, z-score coupling with "
            + "the EMD term, NIMA ratings 0..9, JPEG 75). Budgets must be in normalised units (Nn).")
    boolean compat;

    @Option(names = "--full-resolution", description = "With --paper: protect at the photos' own size, not 256x256.")
    boolean fullResolution;

    @Option(names = "--methods", defaultValue = "fgsm", split = ",", paramLabel = "M[,M...]",
            description = "Attacks: fgsm, bim, pgd, mi-fgsm, ni-fgsm, vmi-fgsm, vni-fgsm, vt-bim, vt-pgd, each with "
                    + "optional di- (input diversity) and ti- (translation invariance) prefixes, e.g. di-ti-mi-fgsm. "
                    + "Default: ${DEFAULT-VALUE}. With --paper: the attack the paper's methods use (FGSM in the paper). "
                    + "With --robust: ignored (one row, 'robust').")
    List<String> methods;

    @Mixin
    AttackOptions attacks = new AttackOptions();

    @Option(names = "--eps", split = ",", paramLabel = "EPS[,EPS...]",
            description = "Budgets, each as for 'protect --eps'. Default: 0,2/255,4/255,8/255,16/255; with --paper "
                    + "0,0.01n,0.02n,0.05n,0.1n (the paper's 0.01 and 0.05 in normalised units, and a sweep).")
    List<String> eps;

    @Option(names = "--steps", paramLabel = "N", description = "Steps of the iterative methods (default 10); FGSM always takes one.")
    Integer steps;

    @Option(names = "--mask", defaultValue = "uniform", paramLabel = "NAME", description = "Mask by name.")
    String mask;

    @Option(names = "--mask-options", defaultValue = "", paramLabel = "K=V,...", description = "Options of the mask.")
    String maskOptions;

    @Option(names = "--size", paramLabel = "N", description = "Without --paper: resize every photo to NxN first.")
    Integer size;

    @Option(names = "--jpeg", paramLabel = "Q",
            description = "Measure the images as JPEGs of quality Q (the task's submissions were JPEG 75) instead of "
                    + "8-bit PNGs. --compat always uses JPEG 75.")
    Integer jpeg;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write DIR/index.html with the table and the chart.")
    Path report;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path csv = labels != null ? labels : folder.resolve("labels.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("label file " + csv + " does not exist");
        }
        if (compat && !paper) {
            throw new IllegalArgumentException("--compat goes with --paper");
        }
        if (size != null && (size <= 0 || size > ProtectCommand.MAX_SIZE)) {
            throw new IllegalArgumentException("--size must be in [1, " + ProtectCommand.MAX_SIZE + "] but was " + size);
        }
        List<String> epsText = eps != null ? eps
                : (paper ? List.of("0", "0.01n", "0.02n", "0.05n", "0.1n") : List.of("0", "2/255", "4/255", "8/255", "16/255"));
        List<Epsilon> budgets = new ArrayList<>();
        for (String e : epsText) {
            budgets.add(ProtectCommand.parseEpsilon(e));
        }
        attacks.validate();
        if (paper && (attacks.robust || attacks.eot != null)) {
            throw new IllegalArgumentException("--paper runs the paper's methods; leave out --robust and --eot");
        }
        for (int i = 0; attacks.robust && i < budgets.size(); i++) {
            if (budgets.get(i).max() > RobustProtection.MAX_EPS.max() + 1e-7) {
                throw new IllegalArgumentException("--robust takes budgets up to 8/255 but --eps has " + epsText.get(i)
                        + (eps == null ? " (the default list; give --eps, e.g. 0,2/255,4/255,8/255)" : ""));
            }
        }
        Verifier verifier = verification.verifier();
        verification.warnWithoutJudge(err);
        AdaptiveBudget adaptive = verification.adaptiveBudget();
        List<LabelledImage> items = LabelledImages.fromCsv(csv, folder, ImageReadOptions.defaults());
        if (ids != null) {
            items = LabelledImages.subset(items, ids);
        }
        if (OutputPlan.identity(output).equals(OutputPlan.identity(folder))) {
            throw new IllegalArgumentException("--output " + output + " is the image folder " + folder + "; the tables ("
                    + String.join(", ", TABLES) + ") would be written among the inputs; choose another folder");
        }
        OutputFolders.requireWritable(output, "--output");
        if (report != null) {
            OutputFolders.requireWritable(report, "--report");
        }
        // The tables and the page are planned before any work: none may be an input.
        List<Path> inputFiles = new ArrayList<>(List.of(csv));
        if (ids != null) {
            inputFiles.add(ids);
        }
        Set<Path> listed = new HashSet<>();
        for (LabelledImage item : items) {
            Path p = folder.resolve(item.id());
            inputFiles.add(p);
            listed.add(p.toAbsolutePath().normalize());
        }
        OutputPlan plan = new OutputPlan(inputFiles);
        List<Path> planned = new ArrayList<>();
        for (String t : TABLES) {
            planned.add(output.resolve(t));
        }
        if (verifier != null) {
            for (String t : VERIFICATION_TABLES) {
                planned.add(output.resolve(t));
            }
        }
        if (adaptive != null) {
            planned.add(output.resolve(ADAPTIVE_TABLE));
        }
        if (report != null) {
            planned.add(report.resolve("index.html"));
        }
        plan.claim("the tables", planned.toArray(Path[]::new)).seal();
        if (plan.refusal("the tables") != null) {
            throw new IllegalArgumentException(plan.refusal("the tables"));
        }
        OutputFolders.removeStaleTemporaries(planned);
        if (!quiet && ids == null) {
            for (InputScan.Candidate c : InputScan.of(List.of(folder), false, List.of(output)).candidates()) {
                if (!listed.contains(c.file().toAbsolutePath().normalize())) {
                    out.println(c.file() + ": ignored, not listed in " + csv);
                }
            }
        }
        ThreatModel model = models.threat().model();
        Map<String, Function<Epsilon, ImageProtection>> factories = new LinkedHashMap<>();
        Evaluation evaluation = paper ? paperEvaluation(model, budgets, factories) : attackEvaluation(model, budgets, factories);
        EvaluationVerifier checks = verifier == null ? null
                : new EvaluationVerifier(verifier, adaptive, factories, budgets, report != null);
        EvaluationReport result = checks == null ? evaluation.run(items) : evaluation.run(items, checks);

        String summaryMd = result.summaryTable();
        if (checks == null) {
            plan.writeString(output.resolve("rows.csv"), result.rowsCsv());
        } else {
            checks.dropFailed(result);
            plan.writeString(output.resolve("rows.csv"), result.rowsCsv(checks.rowHeader(), checks::rowColumns));
            List<VerificationTally.Rate> rates = checks.rates(result);
            plan.writeString(output.resolve("verification.csv"), VerificationTables.ratesCsv(rates));
            plan.write(output.resolve("verification.png"), AccuracyChart.changePngBytes(rates));
            summaryMd += "\n" + VerificationTables.ratesMarkdown(verifier.chain().spec(), rates);
            if (adaptive != null) {
                plan.writeString(output.resolve(ADAPTIVE_TABLE), VerificationTables.adaptiveCsv(checks.adaptiveRows(),
                        verifier.judges()));
                summaryMd += "\n" + VerificationTables.adaptiveMarkdown(checks.adaptiveRows(), adaptive);
            }
        }
        plan.writeString(output.resolve("summary.csv"), result.summaryCsv());
        plan.writeString(output.resolve("summary.md"), summaryMd);
        plan.write(output.resolve("accuracy.png"), AccuracyChart.pngBytes(result.summaries()));
        if (report != null) {
            String settings = evaluation + (verifier == null ? "" : ", " + verifier + (adaptive == null ? "" : ", " + adaptive));
            HtmlReport page = new HtmlReport("pixel-privacy evaluate", settings).addEvaluation(result);
            if (checks != null) {
                page.addVerification(verifier.chain().spec(), checks.rates(result));
                checks.receipts().forEach(page::addSection);
            }
            plan.writeString(report.resolve("index.html"), page.html());
        }
        for (ImageFailure f : result.failures()) {
            err.println("pixel-privacy: " + f.imageId() + ": " + f.reason());
        }
        if (!quiet) {
            out.print(summaryMd);
            out.println(items.size() + " images listed, " + result.misclassifiedWhenClean().size()
                    + " misclassified when clean (left out), " + result.failures().size() + " failed; tables in "
                    + output);
        }
        out.flush();
        return result.failures().isEmpty() && !items.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }

    private Evaluation paperEvaluation(ThreatModel model, List<Epsilon> budgets,
                                       Map<String, Function<Epsilon, ImageProtection>> factories) throws IOException {
        if (methods.size() != 1) {
            throw new IllegalArgumentException("--paper takes one attack in --methods but got " + methods);
        }
        NimaScorer nima = models.nima(compat);
        SignGradientAttack.Builder attack = SignGradientAttack.named(model, methods.get(0)).epsilon(Epsilon.pixels(0));
        if (steps != null) {
            attack.steps(steps);
        }
        PaperMethods.Builder b = PaperMethods.builder(model).saliency(models.saliency(compat))
                .attack(attack.build()).taskProtocol(!fullResolution).compatibility(compat);
        if (jpeg != null) {
            b.encoding(OutputEncoding.jpeg(jpeg));
        }
        List<PaperMethod> rows = new ArrayList<>(List.of(PaperMethod.FGSM, PaperMethod.SALIENT_DEFENCE,
                PaperMethod.SALIENT_DEFENCE_TILT_SHIFT));
        if (nima != null) {
            b.aesthetics(compat ? ReferenceCodeModels.emdToAllOnes(nima, 10) : nima);
            rows.add(PaperMethod.COUPLED_OPTIMISATION);
        }
        PaperMethods methods = b.build();
        for (PaperMethod m : rows) {
            factories.put(m.title(), methods.factory(m));
        }
        return methods.evaluation(rows, budgets, nima);
    }

    private Evaluation attackEvaluation(ThreatModel model, List<Epsilon> budgets,
                                        Map<String, Function<Epsilon, ImageProtection>> factories) throws IOException {
        PerturbationMask m = models.mask(mask, maskOptions, models.saliency(false));
        Evaluation.Builder ev = Evaluation.builder(model).epsilons(budgets).scorer(models.nima(false));
        OutputEncoding encoding = jpeg != null ? OutputEncoding.jpeg(jpeg) : OutputEncoding.PNG_8BIT;
        if (jpeg != null) {
            ev.encoding(encoding.name(), encoding::apply);
        }
        if (size != null) {
            if (size < model.minimumInputSide()) {
                throw new IllegalArgumentException("--size " + size + " is below the threat model's minimum input of "
                        + model.minimumInputSide() + "x" + model.minimumInputSide());
            }
            ev.preprocess(Resize.toSize(size, size));
        }
        for (String given : attacks.robust ? List.of(RobustProtection.METHOD) : methods) {
            String name = attacks.robust ? "robust" : given;
            boolean iterative = !attacks.robust
                    && SignGradientAttack.named(model, given).epsilon(Epsilon.pixels(0)).build().method() != SignGradientAttack.Method.FGSM;
            Function<Epsilon, SignGradientAttack> attack = e -> {
                SignGradientAttack.Builder b = attacks.builder(model, given, e).mask(m);
                if (steps != null && iterative) {
                    b.steps(steps);
                }
                return b.build();
            };
            ev.attack(name, attack::apply);
            // The same attack as a whole protection (the evaluation's encoding, prediction on the written
            // image), for the adaptive budget's protections outside the grid.
            factories.put(name, e -> Protector.builder(attack.apply(e)).encoding(encoding).build());
        }
        return ev.build();
    }
}
