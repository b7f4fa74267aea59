package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pixel-privacy} tool. */
@Command(name = "pixel-privacy", mixinStandardHelpOptions = true, version = "pixel-privacy 0.1.0-SNAPSHOT",
        description = "Protects photos from automatic scene recognition with concealed adversarial perturbations.",
        subcommands = {ProtectCommand.class, EvaluateCommand.class, MaskCommand.class, ScoreCommand.class,
                ModelCheckCommand.class, ListCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure of the tool or a model", "2:bad usage",
                "3:some inputs could not be read or written (the rest were processed)"})
public final class PixelPrivacy implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: protect, evaluate, mask, score, model-check or list");
    }

    /**
     * @param args command line
     * @return the exit code (see {@link ExitCodes})
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** @return the configured command line, with the tool's error handling and exit codes */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PixelPrivacy());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("pixel-privacy: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("pixel-privacy: failed: " + ex);
            return ExitCodes.FAILURE;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pixel-privacy: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /** The subcommands that always run a network (mask does only with --salgan; list never). */
    private static final Set<String> NETWORK_COMMANDS = Set.of("protect", "evaluate", "score", "model-check");

    /**
     * @param args command line
     * @return whether the command always runs a network, so that ND4J's initialisation can start before
     *     the options are parsed ({@link OnnxModel#prepareRuntime})
     */
    static boolean runsNetworks(String... args) {
        return args.length > 0 && NETWORK_COMMANDS.contains(args[0]);
    }

    /** @param args command line */
    public static void main(String[] args) {
        if (runsNetworks(args)) {
            OnnxModel.prepareRuntime(); // on the second core while picocli parses and the model is read
        }
        System.setOut(SameDiffNoiseFilter.wrap(System.out));
        System.exit(execute(args));
    }
}
