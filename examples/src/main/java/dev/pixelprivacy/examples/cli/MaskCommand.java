package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.Parallelism;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the mask of each image, with the saliency and edge maps it is made from, as grey PNGs. */
@Command(name = "mask", mixinStandardHelpOptions = true,
        description = {"Writes, for each image, NAME-mask.png (where and how strongly 'protect --mask' would",
                "perturb: white = full strength), NAME-saliency.png (where people look) and NAME-edges.png",
                "(the paper's edge map), as grey 8-bit PNGs in the output folder.",
                "A map that would replace an input (a-mask.png beside a.png) is refused",
                "before any work; entries that are not images are listed."})
final class MaskCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files or folders of images.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder for the maps.")
    Path output;

    @Option(names = "--mask", defaultValue = "salient-defence", paramLabel = "NAME",
            description = "Mask by name (see 'pixel-privacy list'). Default: ${DEFAULT-VALUE}.")
    String mask;

    @Option(names = "--mask-options", defaultValue = "", paramLabel = "K=V,...", description = "Options of the mask.")
    String maskOptions;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = {"-r", "--recursive"}, description = "Also map the images in sub-folders, mirroring them.")
    boolean recursive;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputFolders.requireWritable(output, "--output");
        SaliencyModel saliency = models.saliency(false);
        var perturbationMask = models.mask(mask, maskOptions, saliency);
        InputScan scan = InputScan.of(inputs, recursive, List.of(output));
        List<Path> inputFiles = new ArrayList<>();
        for (InputScan.Candidate c : scan.candidates()) {
            inputFiles.add(c.file());
        }
        // All maps are planned first: NAME-mask.png of one input may be another input (a-mask.png).
        OutputPlan plan = new OutputPlan(inputFiles);
        Map<InputScan.Candidate, Path[]> targets = new LinkedHashMap<>();
        List<Path> planned = new ArrayList<>();
        for (InputScan.Candidate c : scan.candidates()) {
            String base = c.relative().toString().replaceFirst("\\.[^./\\\\]+$", "");
            Path[] t = {output.resolve(base + "-mask.png"), output.resolve(base + "-saliency.png"),
                    output.resolve(base + "-edges.png")};
            targets.put(c, t);
            plan.claim(c.file(), t);
            planned.addAll(List.of(t));
        }
        plan.seal();
        OutputFolders.removeStaleTemporaries(planned);
        for (InputScan.Ignored i : scan.ignored()) {
            if (!quiet) {
                out.println(i.path() + ": ignored, " + i.reason());
            }
        }
        int failures = 0;
        int done = 0;
        for (Map.Entry<InputScan.Candidate, Path[]> e : targets.entrySet()) {
            Path file = e.getKey().file();
            Path[] t = e.getValue();
            try {
                String refusal = plan.refusal(file);
                if (refusal != null) {
                    throw new IllegalArgumentException(refusal);
                }
                RgbImage image = ImageFiles.read(file);
                Mask m = perturbationMask.compute(image);
                Mask s = saliency.saliency(image);
                Mask edges = EdgeMap.paper().compute(image, Parallelism.sequential());
                write(plan, image, m, t[0]);
                write(plan, image, s, t[1]);
                write(plan, image, edges, t[2]);
                done++;
                if (!quiet) {
                    out.println(String.format(Locale.ROOT, "%s: mask '%s' mean %.3f, %.1f%% of pixels at 0 -> %s",
                            file, mask, m.mean(), 100.0 * zeros(m) / m.data().length, t[0]));
                }
            } catch (IOException | RuntimeException | OutOfMemoryError ex) {
                failures++;
                err.println("pixel-privacy: " + file + ": " + FailureReason.of(ex));
            }
        }
        if (!quiet) {
            out.println(String.format(Locale.ROOT, "masked %d, failed %d, ignored %d", done, failures,
                    scan.ignored().size()));
        }
        if (scan.candidates().isEmpty()) {
            err.println("pixel-privacy: no images in " + inputs);
        }
        out.flush();
        err.flush();
        return failures > 0 || scan.candidates().isEmpty() ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }

    private static void write(OutputPlan plan, RgbImage image, Mask m, Path target) throws IOException {
        m.requireSizeOf(image);
        plan.write(target, OutputFormat.PNG.encode(m.toGreyImage(), null, 100));
    }

    private static int zeros(Mask m) {
        int z = 0;
        for (float v : m.data()) {
            z += v == 0f ? 1 : 0;
        }
        return z;
    }
}
