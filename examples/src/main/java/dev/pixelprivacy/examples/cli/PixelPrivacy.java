package dev.pixelprivacy.examples.cli;

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

    /** @param args command line */
    public static void main(String[] args) {
        System.setOut(SameDiffNoiseFilter.wrap(System.out));
        System.exit(execute(args));
    }
}
