package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.dl4j.tools.ModelCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** privacy-dl4j's model check: does an exported ONNX model import, and what is its gradient. */
@Command(name = "model-check", mixinStandardHelpOptions = true,
        description = {"Imports an ONNX model and runs it: lists its operators, the output shape, the objective's",
                "value and the time per forward and per gradient, and writes the output and input gradient.",
                "Options: --model M.onnx --input X.npy --objective cross_entropy|mean_score|mean_output",
                "[--labels 0,3] --out-output O.npy --out-grad G.npy"})
final class ModelCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = ModelCheck.run(args.toArray(String[]::new), out, err);
        }
        spec.commandLine().getOut().print(o.toString(StandardCharsets.UTF_8));
        spec.commandLine().getErr().print(e.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        // ModelCheck: 2 = bad arguments, 1 = the model could not be loaded or run: a failure of a model (exit 1).
        return code == 0 ? ExitCodes.OK : (code == 2 ? ExitCodes.USAGE : ExitCodes.FAILURE);
    }
}
