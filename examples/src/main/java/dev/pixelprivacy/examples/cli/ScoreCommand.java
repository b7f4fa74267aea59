package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.model.ScoreDistribution;
import dev.pixelprivacy.dl4j.model.NimaScorer;
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

/** Aesthetic scores of images with a NIMA network. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Prints each image's NIMA score (the mean of its predicted distribution over ratings 1..10).")
final class ScoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files or folders of images.")
    List<Path> inputs;

    @Option(names = "--jsonl", description = "One JSON object per image, with the distribution.")
    boolean jsonl;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NimaScorer nima = models.nima(false);
        if (nima == null) {
            throw new IllegalArgumentException("score needs a NIMA network: --nima FILE.onnx");
        }
        int failures = 0;
        double sum = 0;
        int n = 0;
        InputScan scan = InputScan.of(inputs, false, List.of());
        for (InputScan.Ignored i : scan.ignored()) {
            err.println("pixel-privacy: " + i.path() + ": ignored, " + i.reason());
        }
        for (InputScan.Candidate c : scan.candidates()) {
            Path file = c.file();
            try {
                float[] p = nima.distributions(ImageBatch.of(ImageFiles.read(file)))[0];
                double mean = ScoreDistribution.meanScore(p);
                sum += mean;
                n++;
                if (jsonl) {
                    out.println(new JsonLine().put("input", file.toString()).put("score", mean).put("distribution", p));
                } else {
                    out.println(String.format(Locale.ROOT, "%s: %.3f", file, mean));
                }
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                failures++;
                err.println("pixel-privacy: " + file + ": " + FailureReason.of(e));
            }
        }
        if (!jsonl && n > 1) {
            out.println(String.format(Locale.ROOT, "mean of %d images: %.3f", n, sum / n));
        }
        out.flush();
        return failures > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
