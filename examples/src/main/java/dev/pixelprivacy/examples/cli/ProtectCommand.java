package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.DecodedImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.io.ImageReadOptions;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.examples.report.HtmlReport;
import dev.pixelprivacy.filters.Resize;
import dev.pixelprivacy.paper.PaperMethods;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Protects images and writes them as 8-bit PNGs; never over an input, and resumable. */
@Command(name = "protect", mixinStandardHelpOptions = true,
        description = {"Adds a concealed adversarial perturbation to each image and writes it as an 8-bit PNG",
                "named like the input, in the output folder. Existing outputs are skipped (an interrupted run",
                "resumes) unless --overwrite. The threat model is --threat-model, or the embedded",
                "demonstration model (a small CNN of four procedural scene classes, not a real scene classifier)."})
final class ProtectCommand implements Callable<Integer> {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

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
            description = "fgsm, bim, pgd or mi-fgsm. Default: ${DEFAULT-VALUE}.")
    String method;

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
            description = "Resize each image to NxN first (the task used 256). Default: keep the size.")
    Integer size;

    @Option(names = "--overwrite", description = "Replace outputs that already exist (default: skip them).")
    boolean overwrite;

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
        SignGradientAttack.Method m = parseMethod(method);
        if (size != null && size <= 0) {
            throw new IllegalArgumentException("--size must be > 0 but was " + size);
        }
        List<Path> files = collect(inputs);
        Map<Path, Path> targets = targets(files, output);
        ModelOptions.Threat threat = models.threat();
        SaliencyModel saliency = models.saliency(false);
        Protector protector = protector(threat, saliency, budget, m);
        // Refuses, before decoding, a photo whose protection would not fit in the heap (naming the memory).
        ImageReadOptions reading = ImageReadOptions.builder().processingBytesPerPixel(protector.heapBytesPerPixel()).build();

        HtmlReport page = report == null ? null : new HtmlReport("pixel-privacy protect", protector.toString());
        int failures = 0;
        int done = 0;
        int skipped = 0;
        boolean bar = !quiet && !jsonl && files.size() > 1 && System.console() != null;
        try (ProgressBar progress = bar ? new ProgressBarBuilder().setTaskName("protect").setInitialMax(files.size())
                .showSpeed().build() : null) {
            for (Path file : files) {
                Path target = targets.get(file);
                if (!overwrite && Files.exists(target)) {
                    skipped++;
                    report(out, new JsonLine().put("input", file.toString()).put("output", target.toString())
                            .put("status", "skipped"), file + ": skipped, " + target + " exists (use --overwrite)");
                } else {
                    try {
                        DecodedImage decoded = ImageFiles.decode(file, reading); // upright, sRGB, alpha kept apart
                        ProtectionResult r = protector.protect(decoded.rgb());
                        ImageFiles.writePng(r.output(), decoded.alpha().map(a -> Resize.mask(a, r.output().width(),
                                r.output().height())).orElse(null), target, file); // --size resizes alpha alike
                        done++;
                        if (page != null) {
                            page.addImage(file.getFileName().toString(), r.input(), r.output(), r.mask(), r.before(),
                                    r.after(), threat::name);
                        }
                        double linf = ImageMetrics.linf255(r.input(), r.output());
                        double psnr = ImageMetrics.psnr(r.input(), r.output());
                        report(out, new JsonLine().put("input", file.toString()).put("output", target.toString())
                                        .put("status", "protected").put("before", prediction(threat, r.before()))
                                        .put("after", prediction(threat, r.after())).put("linf255", linf).put("psnr", psnr),
                                String.format(Locale.ROOT, "%s: %s (%.2f) -> %s (%.2f), Linf %.0f/255, PSNR %.1f dB -> %s",
                                        file, threat.name(r.before().label()), r.before().probability(),
                                        threat.name(r.after().label()), r.after().probability(), linf, psnr, target));
                    } catch (IOException | IllegalArgumentException | OutOfMemoryError e) {
                        // The image's arrays are dropped with the exception, so the next image has the heap back.
                        String message = e instanceof OutOfMemoryError ? "out of memory while protecting it (it needs"
                                + " about " + protector.heapBytesPerPixel() + " bytes per pixel of Java heap; raise -Xmx)"
                                : e.getMessage();
                        failures++;
                        err.println("pixel-privacy: " + file + ": " + message);
                        if (jsonl) {
                            out.println(new JsonLine().put("input", file.toString()).put("status", "failed")
                                    .put("error", message));
                        }
                    }
                }
                if (progress != null) {
                    progress.step();
                }
            }
        }
        if (page != null) {
            Path written = page.write(report);
            if (!quiet && !jsonl) {
                out.println("report: " + written);
            }
        }
        if (jsonl) {
            out.println(new JsonLine().put("summary", new JsonLine().put("protected", done).put("skipped", skipped)
                    .put("failed", failures)));
        } else if (!quiet) {
            out.println(String.format(Locale.ROOT, "protected %d, skipped %d, failed %d", done, skipped, failures));
        }
        out.flush();
        return failures > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
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

    /** The whole pipeline, assembled by {@link PaperMethods} from the options. */
    private Protector protector(ModelOptions.Threat threat, SaliencyModel saliency, Epsilon budget,
                                SignGradientAttack.Method m) throws IOException {
        SignGradientAttack.Builder attack = SignGradientAttack.builder(threat.model()).method(m).epsilon(budget);
        if (steps != null) {
            attack.steps(steps);
        }
        PaperMethods.Builder paper = PaperMethods.builder(threat.model()).saliency(saliency).attack(attack.build())
                .lambda(lambda);
        if (size != null) {
            paper.preprocess(Resize.toSize(size, size));
        }
        if (coupled) {
            NimaScorer nima = models.nima(false);
            if (nima == null) {
                throw new IllegalArgumentException("--coupled needs --nima");
            }
            paper.aesthetics(nima);
        }
        return paper.build().protector(budget, models.mask(mask, maskOptions, saliency), tiltShift, coupled);
    }

    static Epsilon parseEpsilon(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("/255")) {
                return Epsilon.of255(Double.parseDouble(t.substring(0, t.length() - 4)));
            }
            if (t.endsWith("n")) {
                return Epsilon.imageNetNormalised(Double.parseDouble(t.substring(0, t.length() - 1)));
            }
            return Epsilon.pixels(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--eps must be N/255, a value in [0, 1], or Nn (normalised units) "
                    + "but was '" + text + "'");
        }
    }

    static SignGradientAttack.Method parseMethod(String text) {
        for (SignGradientAttack.Method m : SignGradientAttack.Method.values()) {
            if (m.name().replace('_', '-').equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("--method must be one of fgsm, bim, pgd, mi-fgsm but was '" + text + "'");
    }

    /** Files named directly, and the images directly inside named folders, sorted. */
    static List<Path> collect(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(Files::isRegularFile).filter(p -> EXTENSIONS.stream()
                            .anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new IllegalArgumentException("input " + in + " does not exist");
            }
        }
        return files;
    }

    /** Output path per input: the base name with .png; two inputs with one name are refused. */
    static Map<Path, Path> targets(List<Path> files, Path outputDir) {
        Map<Path, Path> targets = new HashMap<>();
        Map<Path, Path> byTarget = new HashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path target = outputDir.resolve((dot > 0 ? name.substring(0, dot) : name) + ".png");
            Path previous = byTarget.putIfAbsent(target.toAbsolutePath().normalize(), f);
            if (previous != null) {
                throw new IllegalArgumentException("inputs " + previous + " and " + f + " would both be written to "
                        + target + "; protect them into different folders");
            }
            targets.put(f, target);
        }
        return targets;
    }
}
