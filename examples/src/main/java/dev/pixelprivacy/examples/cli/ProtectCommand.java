package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.examples.report.HtmlReport;
import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import dev.pixelprivacy.paper.batch.ImageInput;
import dev.pixelprivacy.paper.batch.ImageOutcome;
import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import dev.pixelprivacy.paper.verify.Judge;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.VerificationTally;
import dev.pixelprivacy.paper.verify.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Protects images and writes them as PNGs or JPEGs; never over an input, and resumable by content. */
@Command(name = "protect", mixinStandardHelpOptions = true,
        description = {"Adds a concealed adversarial perturbation to each image and writes it",
                "(8-bit PNG by default) named like the input, in the output folder.",
                "Inputs are never overwritten: every output is planned before any work.",
                "The output folder's " + RunManifest.FILE_NAME + " records each input's",
                "content and the settings, so a rerun skips what is done (an interrupted",
                "run resumes) unless --overwrite. Entries of a folder that are not images",
                "are listed with the reason. The threat model is --threat-model, or the",
                "embedded demonstration model (a small CNN of four procedural scene",
                "classes, not a real scene classifier)."})
final class ProtectCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files or folders of images.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Folder for the protected PNGs (created if needed).")
    Path output;

    @Option(names = "--eps", defaultValue = "8/255", paramLabel = "EPS",
            description = "Budget per sample: N/255 (8-bit levels), a value in [0, 1] (pixel units), "
                    + "or Nn for the paper's ImageNet-normalised units (0.01n). Default: ${DEFAULT-VALUE}.")
    String eps;

    @Option(names = "--method", defaultValue = "fgsm", paramLabel = "METHOD",
            description = "fgsm, bim, pgd, mi-fgsm, ni-fgsm, vmi-fgsm, vni-fgsm, vt-bim or vt-pgd, with optional di- "
                    + "(input diversity) and ti- (translation invariance) prefixes, e.g. di-ti-mi-fgsm. "
                    + "Default: ${DEFAULT-VALUE}. Ignored with --robust.")
    String method;

    @Mixin
    AttackOptions attacks = new AttackOptions();

    @Mixin
    VerificationOptions verification = new VerificationOptions();

    @Option(names = "--steps", paramLabel = "N", description = "Steps of the iterative methods (default 10).")
    Integer steps;

    @Option(names = "--mask", defaultValue = "uniform", paramLabel = "NAME",
            description = "Perturbation mask by name (see 'pixel-privacy list'): uniform, salient-defence, "
                    + "edges, inverse-saliency... Saliency masks use --salgan when given. Default: ${DEFAULT-VALUE}.")
    String mask;

    @Option(names = "--mask-options", defaultValue = "", paramLabel = "K=V,...",
            description = "Options of the mask, e.g. value=0.5.")
    String maskOptions;

    @Option(names = "--tilt-shift", description = "Apply the paper's saliency-guided tilt-shift after the attack.")
    boolean tiltShift;

    @Option(names = "--coupled", description = "Coupled Optimisation: also climb NIMA's score (needs --nima).")
    boolean coupled;

    @Option(names = "--lambda", defaultValue = "1", paramLabel = "L",
            description = "Weight of NIMA's gradient in --coupled. Default: ${DEFAULT-VALUE}.")
    double lambda;

    @Option(names = "--size", paramLabel = "N",
            description = "Resize each image to NxN first (the task used 256), N at most 10000. Default: keep the size.")
    Integer size;

    @Option(names = "--overwrite", description = "Protect every input again, replacing outputs that exist "
            + "(default: skip inputs whose output the manifest records for the same content and settings).")
    boolean overwrite;

    @Option(names = {"-r", "--recursive"}, description = "Also protect the images in sub-folders of INPUT folders, "
            + "mirroring the sub-folders in the output folder.")
    boolean recursive;

    @Option(names = "--format", defaultValue = "png", paramLabel = "FORMAT",
            description = "png (8-bit, lossless), jpeg (smaller; lossy, which may undo part of the perturbation: the "
                    + "prediction reported is the one on the JPEG written), or same (JPEG for JPEG inputs, PNG for "
                    + "the rest). Outputs carry no metadata (no EXIF, GPS, serial numbers or thumbnails). "
                    + "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--quality", defaultValue = "90", paramLabel = "Q",
            description = "JPEG quality in [1, 100] (IJG scale, as PIL's). Default: ${DEFAULT-VALUE}.")
    int quality;

    @Option(names = "--batch", defaultValue = "" + ImageBatchProcessor.DEFAULT_MAX_BATCH, paramLabel = "N",
            description = "Protect up to N images of one size in one gradient call (and at most 2 MP in all: a "
                    + "larger photo goes alone); 1 protects one image at a time. Outputs do not depend on it. "
                    + "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--no-overlap", description = "Decode, protect and encode one batch after another on one thread "
            + "(default: a thread decodes ahead, another encodes behind and a third writes the outputs while the "
            + "network runs; the outputs and their order are the same).")
    boolean noOverlap;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--jsonl", description = "Print one JSON object per image (and a final summary) instead of text.")
    boolean jsonl;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write DIR/index.html: per image the original, the protected image, the perturbation "
                    + "amplified, the mask and the predictions before and after.")
    Path report;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Epsilon budget = parseEpsilon(eps);
        parseMethod(method);
        attacks.validate();
        if (verification.adaptiveEps) {
            throw new IllegalArgumentException("--adaptive-eps is an evaluate option (it protects each photo up to five "
                    + "times); protect takes --judge and --after");
        }
        OutputFormat outputFormat = OutputFormat.parse(format);
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("--quality must be in [1, 100] but was " + quality);
        }
        if (size != null && (size <= 0 || size > MAX_SIZE)) {
            throw new IllegalArgumentException("--size must be in [1, " + MAX_SIZE + "] (at most " + MAX_SIZE + "x"
                    + MAX_SIZE + " = " + (long) MAX_SIZE * MAX_SIZE + " pixels, the reader's limit) but was " + size);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1 but was " + batch);
        }
        OutputFolders.requireWritable(output, "--output");
        if (report != null) {
            OutputFolders.requireWritable(report, "--report");
        }
        InputScan scan = InputScan.of(inputs, recursive, java.util.Arrays.asList(output, report));
        List<InputScan.Candidate> files = scan.candidates();
        ModelOptions.Threat threat = models.threat();
        if (size != null && size < threat.model().minimumInputSide()) { // the minimum is found only when needed
            int minSide = threat.model().minimumInputSide();
            throw new IllegalArgumentException("--size " + size + " is below the threat model's minimum input of "
                    + minSide + "x" + minSide);
        }
        SaliencyModel saliency = models.saliency(false);
        NimaScorer nima = coupled ? models.nima(false) : null;
        if (coupled && nima == null) {
            throw new IllegalArgumentException("--coupled needs --nima");
        }
        verification.chain(); // a bad --after is refused before the judges load
        verification.warnWithoutJudge(err);
        List<Judge> judges = verification.judges();
        // The one protection code path of every engine (the Spark job's too), from the options as it parses them;
        // it verifies each written file with the judges, as the Spark job does.
        Networks networks = new Networks(threat.model(), threat.names(), saliency, models.salgan != null, nima, judges);
        try (ImageBatchProcessor processor = ImageBatchProcessor.builder(settings(), networks).maxBatch(batch)
                .overlap(!noOverlap).ssim(false).keepImages(report != null).everyFailurePerImage(true).build()) {
            return run(processor, threat, processor.verifier(), scan, files, outputFormat, budget, out, err);
        }
    }

    /** The protection options as the shared parser reads them (model files by path, for the key only). */
    private ProtectionSettings settings() {
        ProtectionSettings.Builder b = ProtectionSettings.builder();
        b.option("--method", method).option("--eps", eps).option("--mask", mask).option("--mask-options", maskOptions)
                .option("--lambda", Double.toString(lambda)).option("--format", format)
                .option("--quality", Integer.toString(quality)).tiltShift(tiltShift).coupled(coupled)
                .robust(attacks.robust).eot(attacks.eot).eotSamples(attacks.eotSamples).seed(attacks.seed);
        if (steps != null) {
            b.option("--steps", steps.toString());
        }
        if (size != null) {
            b.option("--size", size.toString());
        }
        // Model files by path: the run manifest's key has their contents' hashes (ModelOptions.identity()).
        b.threatModels(models.threatModels.stream().map(Path::toString).toList()).classNames(text(models.classNames))
                .salgan(text(models.salgan)).nima(text(models.nima)).judges(verification.judgeLocations())
                .after(verification.after);
        return b.build();
    }

    private static String text(Path p) {
        return p == null ? null : p.toString();
    }

    private int run(ImageBatchProcessor processor, ModelOptions.Threat threat, Verifier verifier, InputScan scan,
                    List<InputScan.Candidate> files, OutputFormat outputFormat, Epsilon budget, PrintWriter out,
                    PrintWriter err) throws IOException {
        Map<OutputFormat, String> settings = new java.util.EnumMap<>(OutputFormat.class);
        String identity = models.identity() + (verifier == null ? "" : "|" + verification.identity());
        for (OutputFormat f : outputFormat == OutputFormat.SAME ? List.of(OutputFormat.PNG, OutputFormat.JPEG)
                : List.of(outputFormat)) {
            // A JPEG's attack is judged on the JPEG, so each format written has its own protection.
            settings.put(f, RunManifest.sha256(processor.description(f == OutputFormat.JPEG) + "|format=" + f
                    + "|quality=" + quality + "|" + identity));
        }
        warnAboutTinyBudget(err, budget);

        // Every output is planned, and refused where it would touch an input, before any work.
        Map<InputScan.Candidate, Path> targets = new LinkedHashMap<>();
        Map<InputScan.Candidate, Path> parts = new HashMap<>();
        List<Path> inputFiles = new ArrayList<>();
        for (InputScan.Candidate c : files) {
            inputFiles.add(c.file());
        }
        OutputPlan plan = new OutputPlan(inputFiles);
        RunManifest manifest = RunManifest.load(output);
        List<Path> planned = new ArrayList<>();
        for (InputScan.Candidate c : files) {
            Path target = target(c, outputFormat);
            targets.put(c, target);
            plan.claim(c.file(), target);
            planned.add(target);
            if (report != null) {
                Path part = report.resolve(REPORT_PARTS).resolve(RunManifest.sha256(
                        target.toAbsolutePath().normalize().toString()).substring(0, 24) + ".html");
                parts.put(c, part);
                plan.claim(c.file(), part);
                planned.add(part);
            }
        }
        plan.claim(RUN, manifest.file());
        planned.add(manifest.file());
        if (report != null) {
            plan.claim(RUN, report.resolve("index.html"));
            planned.add(report.resolve("index.html"));
        }
        plan.seal();
        String runRefusal = plan.refusal(RUN);
        if (runRefusal != null) {
            throw new IllegalArgumentException(runRefusal);
        }
        List<Path> removed = OutputFolders.removeStaleTemporaries(planned);
        for (String problem : manifest.problems()) {
            err.println("pixel-privacy: warning: " + problem);
        }
        manifest.compact(plan);

        VerificationTally tally = verifier == null ? null
                : new VerificationTally(verifier.judges().stream().map(Judge::name).toList());
        for (Path r : removed) {
            report(out, new JsonLine().put("removed", r.toString()).put("reason", "stale temporary file"),
                    r + ": removed, a temporary file an interrupted run left");
        }
        for (InputScan.Ignored i : scan.ignored()) {
            report(out, new JsonLine().put("input", i.path().toString()).put("status", "ignored").put("reason", i.reason()),
                    i.path() + ": ignored, " + i.reason());
        }
        // What each input needs, decided before any work (in input order): skipped, refused, or protected.
        List<Item> items = new ArrayList<>();
        List<ImageInput> work = new ArrayList<>();
        for (InputScan.Candidate c : files) {
            Item item = new Item(c, targets.get(c), outputFormat.forInput(InputScan.extension(c.file())));
            try {
                String refusal = plan.refusal(c.file());
                if (refusal != null) {
                    throw new IllegalArgumentException(refusal);
                }
                String state = overwrite ? "replace" : previousState(manifest.get(item.target), item,
                        settings.get(item.format));
                if (state.startsWith("foreign:")) {
                    throw new IllegalArgumentException(state.substring(8));
                }
                item.skip = state.equals("done");
                if (!item.skip) {
                    work.add(ImageInput.file(c.file()));
                }
            } catch (IOException | RuntimeException e) {
                item.failure = e;
            }
            items.add(item);
        }
        Iterator<ImageOutcome> outcomes = processor.process(work.iterator());
        Counts counts = new Counts();
        Run context = new Run(threat, budget, tally, plan, manifest, parts, settings, counts, out, err);
        boolean bar = !quiet && !jsonl && files.size() > 1 && System.console() != null;
        try (ProgressBar progress = bar ? new ProgressBarBuilder().setTaskName("protect").setInitialMax(files.size())
                .showSpeed().build() : null;
             // With --report an outcome holds three images: it is written inline, so that no second one waits.
             Behind behind = new Behind(!noOverlap && report == null)) {
            for (Item item : items) {
                // The networks (and the judges' verification) run here, in input order; writing, recording and
                // reporting follow behind.
                ImageOutcome o = null;
                Throwable failure = item.failure;
                if (failure == null && !item.skip) {
                    try {
                        o = outcomes.next();
                    } catch (Throwable e) {
                        if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                            throw error;
                        }
                        failure = e;
                    }
                }
                ImageOutcome outcome = o;
                Throwable early = failure;
                behind.submit(() -> {
                    finish(item, outcome, early, context);
                    if (progress != null) {
                        progress.step();
                    }
                });
            }
        }
        int failures = counts.failures;
        int done = counts.done;
        int skipped = counts.skipped;
        List<InputScan.Candidate> inPage = counts.inPage;
        if (report != null) {
            HtmlReport page = new HtmlReport("pixel-privacy protect", processor.description(outputFormat == OutputFormat.JPEG));
            for (InputScan.Candidate c : inPage) {
                Path part = parts.get(c);
                if (Files.isRegularFile(part)) {
                    page.addSection(Files.readString(part, StandardCharsets.UTF_8));
                }
            }
            Path index = report.resolve("index.html");
            plan.writeString(index, page.html());
            if (!quiet && !jsonl) {
                out.println("report: " + index);
            }
        }
        int ignored = scan.ignored().size();
        if (tally != null && !quiet && !jsonl) {
            out.print(VerificationTables.ratesMarkdown(verifier.chain().spec(), tally.rates()));
        }
        if (jsonl) {
            out.println(new JsonLine().put("summary", new JsonLine().put("protected", done).put("skipped", skipped)
                    .put("failed", failures).put("ignored", ignored)));
        } else if (!quiet) {
            out.println(String.format(Locale.ROOT, "protected %d, skipped %d, failed %d, ignored %d", done, skipped,
                    failures, ignored));
        }
        if (files.isEmpty()) {
            err.println("pixel-privacy: nothing to protect in " + inputs + (ignored > 0 ? " (every entry was ignored, "
                    + "see above)" : " (no files)"));
        }
        out.flush();
        err.flush();
        return failures > 0 || files.isEmpty() ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }

    /**
     * What follows the networks for one input, in input order: it is reported as skipped, or its
     * output is written and recorded, or its failure is reported.
     *
     * @param o the input's outcome, or null if it was skipped or failed before protection
     * @param early the failure found before or during protection, or null
     */
    private void finish(Item item, ImageOutcome o, Throwable early, Run run) {
        Counts counts = run.counts();
        PrintWriter out = run.out();
        PrintWriter err = run.err();
        Path file = item.candidate.file();
        Path target = item.target;
        try {
            if (early != null) {
                throw early;
            }
            if (item.skip) {
                counts.skipped++;
                if (report != null) {
                    counts.inPage.add(item.candidate);
                }
                report(out, new JsonLine().put("input", file.toString()).put("output", target.toString())
                        .put("status", "skipped"), file + ": skipped, " + target
                        + " already holds it (same content and settings, see " + RunManifest.FILE_NAME
                        + "; --overwrite redoes it)");
            } else {
                if (o.notice() != null) {
                    err.println("pixel-privacy: " + file + ": notice: " + o.notice());
                }
                if (o.status() == ImageOutcome.Status.FAILED) {
                    throw o.cause() != null ? o.cause() : new IllegalArgumentException(o.error());
                }
                Verification v = o.verification();
                if (v != null) {
                    run.tally().add(attacks.robust ? "robust" : method, eps, run.budget().max(), v);
                }
                written(item, o, run.threat(), v, run.plan(), run.manifest(), run.parts().get(item.candidate),
                        run.settings().get(item.format), out);
                if (report != null) {
                    counts.inPage.add(item.candidate);
                }
                counts.done++;
            }
        } catch (Throwable e) {
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
            counts.failures++;
            String reason = FailureReason.of(e);
            err.println("pixel-privacy: " + file + ": " + reason);
            if (jsonl) {
                out.println(new JsonLine().put("input", file.toString()).put("status", "failed")
                        .put("error", reason));
            }
        }
    }

    /** What finishing an input needs of its run. */
    private record Run(ModelOptions.Threat threat, Epsilon budget, VerificationTally tally, OutputPlan plan,
                       RunManifest manifest, Map<InputScan.Candidate, Path> parts, Map<OutputFormat, String> settings,
                       Counts counts, PrintWriter out, PrintWriter err) {
    }

    /** The tallies of a run, kept by whoever finishes the inputs (one thread at a time, in input order). */
    private static final class Counts {
        int done;
        int skipped;
        int failures;
        final List<InputScan.Candidate> inPage = new ArrayList<>();
    }

    /** Marks the run's own outputs (manifest, report page) in the plan. */
    private static final String RUN = "this run's manifest and report";
    private static final String REPORT_PARTS = "images";
    /** Largest --size: its square is the reader's default pixel limit. */
    static final int MAX_SIZE = 10_000;

    /**
     * Reads the input only when its output exists and the manifest vouches for it (its hash then says
     * whether the output is this input's, and is kept in {@code item.inputSha}); otherwise the
     * processor's hash of what it decodes is the one recorded, so that no input is read twice.
     *
     * @return "done" when the target holds this input's output with these settings, "foreign:REASON"
     *     when the target exists but the manifest does not vouch for it, "new" otherwise
     */
    private static String previousState(RunManifest.Entry earlier, Item item, String settings) throws IOException {
        Path target = item.target;
        if (!Files.exists(target)) {
            return "new";
        }
        if (earlier == null) {
            return "foreign:" + target + " exists but " + RunManifest.FILE_NAME + " does not record it as an output of "
                    + "this tool; --overwrite replaces it";
        }
        String targetSha = RunManifest.sha256(target);
        if (!targetSha.equals(earlier.outputSha256())) {
            return "foreign:" + target + " was changed after this tool wrote it; --overwrite replaces it";
        }
        item.inputSha = RunManifest.sha256(item.candidate.file());
        return earlier.inputSha256().equals(item.inputSha) && earlier.settings().equals(settings)
                && "protected".equals(earlier.status()) ? "done" : "new";
    }

    /** One input of the run, as planned before any work. */
    private static final class Item {
        final InputScan.Candidate candidate;
        final Path target;
        final OutputFormat format;
        /** The input's SHA-256 when the plan needed it, else null (the outcome's content hash is used). */
        String inputSha;
        boolean skip;
        Exception failure;

        Item(InputScan.Candidate candidate, Path target, OutputFormat format) {
            this.candidate = candidate;
            this.target = target;
            this.format = format;
        }
    }

    /** Writes one protected image (atomically), records it in the manifest and reports it. */
    private void written(Item item, ImageOutcome o, ModelOptions.Threat threat, Verification v, OutputPlan plan,
                         RunManifest manifest, Path part, String settings, PrintWriter out) throws IOException {
        Path file = item.candidate.file();
        Path target = item.target;
        byte[] encoded = o.encoded();
        plan.write(target, encoded);
        String inputSha = item.inputSha != null ? item.inputSha : o.contentHash();
        manifest.record(new RunManifest.Entry(file.toAbsolutePath().normalize().toString(), inputSha, settings,
                manifest.key(target), RunManifest.sha256(encoded), "protected"), plan);
        if (part != null) {
            ImageOutcome.Images images = o.images();
            String section = HtmlReport.imageSection(item.candidate.relative().toString(), images.input(),
                    images.written(), images.mask(), o.before(), o.after(), threat::name);
            if (v != null) {
                section += HtmlReport.receiptSection(item.candidate.relative().toString(), attacks.robust ? "robust" : method,
                        eps, v, images.input(), images.written());
            }
            plan.writeString(part, section);
        }
        // What is reported is what a reader of the written file sees (the processor decodes a JPEG again).
        Prediction before = o.before();
        Prediction after = o.after();
        double linf = o.linf255();
        double psnr = o.psnr();
        String note = linf == 0 ? " (unchanged: the budget moved no sample to another 8-bit level)" : "";
        JsonLine json = new JsonLine().put("input", file.toString()).put("output", target.toString())
                .put("status", "protected").put("format", item.format.toString())
                .put("before", prediction(threat, before)).put("after", prediction(threat, after))
                .put("linf255", linf).put("psnr", psnr);
        if (v != null) {
            json.put("verification", VerificationOptions.json(v));
        }
        report(out, json, String.format(Locale.ROOT, "%s: %s (%.2f) -> %s (%.2f), Linf %.0f/255, PSNR %.1f dB -> %s%s%s",
                file, threat.name(before.label()), before.probability(),
                threat.name(after.label()), after.probability(), linf, psnr, target, note,
                v == null ? "" : "; " + VerificationOptions.describe(v)));
    }

    /** The output of one input: its path below the input folder mirrored, the format's extension. */
    private Path target(InputScan.Candidate c, OutputFormat outputFormat) {
        String name = c.relative().getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        Path rel = c.relative().resolveSibling(base + outputFormat.extensionFor(InputScan.extension(c.file())));
        return output.resolve(rel.toString());
    }

    /** An eps below one 8-bit level cannot move a sample that is on a level (as every 8-bit input's is). */
    private void warnAboutTinyBudget(PrintWriter err, Epsilon budget) {
        if (budget.isZero() || budget.max() * 255 >= 1 - 1e-4) {
            return;
        }
        err.println(String.format(Locale.ROOT, "pixel-privacy: warning: --eps %s is at most %.2f/255 per channel, less "
                + "than one 8-bit level (1/255): the samples of an 8-bit input cannot reach another level within it, "
                + "so the written image equals the input (Linf 0/255)%s. Use at least 1/255 (%.4fn).", eps,
                budget.max() * 255, size != null || tiltShift ? " except where --size or --tilt-shift changes it" : "",
                1 / 255.0 / 0.224));
    }

    private void report(PrintWriter out, JsonLine json, String text) {
        if (jsonl) {
            out.println(json);
        } else if (!quiet) {
            out.println(text);
        }
    }

    private static JsonLine prediction(ModelOptions.Threat threat, Prediction p) {
        return new JsonLine().put("label", p.label()).put("name", threat.name(p.label())).put("probability", p.probability());
    }

    /** --eps, parsed by the one parser the Spark job shares ({@link ProtectionSettings#parseEpsilon}). */
    static Epsilon parseEpsilon(String text) {
        return ProtectionSettings.parseEpsilon(text);
    }

    /** --method, parsed by the one parser the Spark job shares ({@link ProtectionSettings#parseMethod}). */
    static String parseMethod(String text) {
        return ProtectionSettings.parseMethod(text);
    }
}
