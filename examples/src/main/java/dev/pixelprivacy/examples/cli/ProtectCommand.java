package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.examples.demo.ColourLayoutModel;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Protects images: attack, write 8-bit PNGs beside nothing they came from. */
@Command(name = "protect", mixinStandardHelpOptions = true,
        description = {"Adds a concealed adversarial perturbation to each image and writes it as an 8-bit PNG.",
                "The threat model is the embedded demonstration model (a colour-layout classifier of four",
                "procedural scene classes), standing in for a real scene classifier."})
final class ProtectCommand implements Callable<Integer> {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files or folders of images.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Folder for the protected PNGs (created if needed).")
    Path output;

    @Option(names = "--eps", defaultValue = "4/255", paramLabel = "EPS",
            description = "Budget per sample: N/255 (8-bit levels), a value in [0, 1] (pixel units), "
                    + "or Nn for the paper's ImageNet-normalised units (0.01n). Default: ${DEFAULT-VALUE}.")
    String eps;

    @Option(names = "--method", defaultValue = "fgsm", paramLabel = "METHOD",
            description = "fgsm, bim, pgd or mi-fgsm. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--steps", paramLabel = "N", description = "Steps of the iterative methods (default 10).")
    Integer steps;

    @Option(names = "--mask", defaultValue = "uniform", paramLabel = "NAME",
            description = "Perturbation mask by name (see 'pixel-privacy list'). Default: ${DEFAULT-VALUE}.")
    String mask;

    @Option(names = "--mask-options", defaultValue = "", paramLabel = "K=V,...",
            description = "Options of the mask, e.g. value=0.5.")
    String maskOptions;

    @Option(names = "--overwrite", description = "Replace outputs that already exist (default: skip them).")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Epsilon budget = parseEpsilon(eps);
        SignGradientAttack.Method m = parseMethod(method);
        PerturbationMask perturbationMask = MaskRegistry.load().create(mask, MaskOptions.parse(maskOptions));
        List<Path> files = collect(inputs);
        Map<Path, Path> targets = targets(files, output);

        ColourLayoutModel model = ColourLayoutModel.demo();
        SignGradientAttack.Builder b = SignGradientAttack.builder(model).method(m).epsilon(budget)
                .mask(perturbationMask).robustTo8Bit(true);
        if (steps != null) {
            b.steps(steps);
        }
        SignGradientAttack attack = b.build();
        List<String> names = model.classNames();

        int failures = 0;
        int done = 0;
        int skipped = 0;
        for (Path file : files) {
            Path target = targets.get(file);
            if (!overwrite && Files.exists(target)) {
                skipped++;
                if (!quiet) {
                    out.println(file + ": skipped, " + target + " exists (use --overwrite)");
                }
                continue;
            }
            try {
                RgbImage image = ImageFiles.read(file);
                int label = model.predict(image).label();
                AttackResult r = attack.attack(image, AttackGoal.untargeted(label));
                ImageFiles.writePng(r.image(), target, file);
                done++;
                if (!quiet) {
                    out.println(String.format(Locale.ROOT, "%s: %s (%.2f) -> %s (%.2f), Linf %.0f/255, PSNR %.1f dB -> %s",
                            file, names.get(r.before().label()), r.before().probability(),
                            names.get(r.after().label()), r.after().probability(), r.linf255(),
                            ImageMetrics.psnr(image, r.image()), target));
                }
            } catch (IOException | IllegalArgumentException e) {
                failures++;
                err.println("pixel-privacy: " + file + ": " + e.getMessage());
            }
        }
        if (!quiet) {
            out.println(String.format(Locale.ROOT, "protected %d, skipped %d, failed %d", done, skipped, failures));
        }
        out.flush();
        return failures > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
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
