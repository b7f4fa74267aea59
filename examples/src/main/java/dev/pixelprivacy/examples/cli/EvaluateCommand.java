package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.eval.Evaluation;
import dev.pixelprivacy.core.eval.EvaluationReport;
import dev.pixelprivacy.core.eval.ImageFailure;
import dev.pixelprivacy.core.eval.LabelledImage;
import dev.pixelprivacy.core.eval.LabelledImages;
import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.core.io.ImageReadOptions;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.examples.demo.ColourLayoutModel;
import dev.pixelprivacy.examples.report.AccuracyChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs attacks for a list of budgets over a labelled folder and writes the tables. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measures how far the threat model's top-1 accuracy falls, and what the perturbation costs",
                "in PSNR, SSIM and L-infinity, for each method and budget over a labelled folder. Counts only",
                "images the model gets right when clean. Writes rows.csv, summary.csv, summary.md and",
                "accuracy.png (accuracy against eps, the paper's Figure 2)."})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder of images.")
    Path folder;

    @Option(names = "--labels", paramLabel = "CSV",
            description = "'file,label' or 'file label' per line (default: FOLDER/labels.csv).")
    Path labels;

    @Option(names = "--ids", paramLabel = "LIST",
            description = "Evaluate only the files named in this list, one per line (like the task's MEPP19test.csv).")
    Path ids;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder for the tables.")
    Path output;

    @Option(names = "--methods", defaultValue = "fgsm", split = ",", paramLabel = "M[,M...]",
            description = "Methods: fgsm, bim, pgd, mi-fgsm. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--eps", defaultValue = "0,1/255,2/255,4/255,8/255", split = ",", paramLabel = "EPS[,EPS...]",
            description = "Budgets, each as for 'protect --eps'. Default: ${DEFAULT-VALUE}.")
    List<String> eps;

    @Option(names = "--steps", paramLabel = "N", description = "Steps of the iterative methods (default 10); FGSM always takes one.")
    Integer steps;

    @Option(names = "--mask", defaultValue = "uniform", paramLabel = "NAME", description = "Mask by name.")
    String mask;

    @Option(names = "--mask-options", defaultValue = "", paramLabel = "K=V,...", description = "Options of the mask.")
    String maskOptions;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path csv = labels != null ? labels : folder.resolve("labels.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("label file " + csv + " does not exist");
        }
        List<Epsilon> budgets = new ArrayList<>();
        for (String e : eps) {
            budgets.add(ProtectCommand.parseEpsilon(e));
        }
        PerturbationMask m = MaskRegistry.load().create(mask, MaskOptions.parse(maskOptions));
        List<LabelledImage> items = LabelledImages.fromCsv(csv, folder, ImageReadOptions.defaults());
        if (ids != null) {
            items = LabelledImages.subset(items, ids);
        }

        ColourLayoutModel model = ColourLayoutModel.demo();
        Evaluation.Builder ev = Evaluation.builder(model).epsilons(budgets);
        for (String name : methods) {
            SignGradientAttack.Method method = ProtectCommand.parseMethod(name);
            ev.attack(name, e -> {
                SignGradientAttack.Builder b = SignGradientAttack.builder(model).method(method).epsilon(e).mask(m);
                if (steps != null && method != SignGradientAttack.Method.FGSM) {
                    b.steps(steps);
                }
                return b.build();
            });
        }
        EvaluationReport report = ev.build().run(items);
        Files.createDirectories(output);
        report.writeRowsCsv(output.resolve("rows.csv"));
        report.writeSummaryCsv(output.resolve("summary.csv"));
        AtomicFiles.writeString(output.resolve("summary.md"), report.summaryTable());
        AccuracyChart.writePng(report.summaries(), output.resolve("accuracy.png"));
        for (ImageFailure f : report.failures()) {
            err.println("pixel-privacy: " + f.imageId() + ": " + f.reason());
        }
        if (!quiet) {
            out.print(report.summaryTable());
            out.println(items.size() + " images listed, " + report.misclassifiedWhenClean().size()
                    + " misclassified when clean (left out), " + report.failures().size() + " unreadable; tables in "
                    + output);
        }
        out.flush();
        return report.failures().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
