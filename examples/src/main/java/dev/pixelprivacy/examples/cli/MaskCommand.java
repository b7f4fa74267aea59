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
import java.util.List;
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
                "(the paper's edge map), as grey 8-bit PNGs in the output folder."})
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

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SaliencyModel saliency = models.saliency(false);
        var perturbationMask = models.mask(mask, maskOptions, saliency);
        int failures = 0;
        for (Path file : ProtectCommand.collect(inputs)) {
            try {
                RgbImage image = ImageFiles.read(file);
                String base = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                Mask m = perturbationMask.compute(image);
                write(image, m, output.resolve(base + "-mask.png"), file);
                write(image, saliency.saliency(image), output.resolve(base + "-saliency.png"), file);
                write(image, EdgeMap.paper().compute(image, Parallelism.sequential()), output.resolve(base + "-edges.png"), file);
                if (!quiet) {
                    out.println(String.format(Locale.ROOT, "%s: mask '%s' mean %.3f, %.1f%% of pixels at 0 -> %s",
                            file, mask, m.mean(), 100.0 * zeros(m) / m.data().length, output.resolve(base + "-mask.png")));
                }
            } catch (IOException | IllegalArgumentException e) {
                failures++;
                err.println("pixel-privacy: " + file + ": " + e.getMessage());
            }
        }
        out.flush();
        return failures > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }

    private static void write(RgbImage image, Mask m, Path target, Path source) throws IOException {
        m.requireSizeOf(image);
        ImageFiles.writePng(m.toGreyImage(), target, source);
    }

    private static int zeros(Mask m) {
        int z = 0;
        for (float v : m.data()) {
            z += v == 0f ? 1 : 0;
        }
        return z;
    }
}
