package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.MaskRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lists the masks found on the class path. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the perturbation masks installed (found through ServiceLoader) with their options.")
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MaskRegistry registry = MaskRegistry.load();
        out.println("Masks:");
        for (MaskProvider p : registry.providers()) {
            out.println("  " + p.name() + " - " + p.description());
            for (MaskOption o : p.options()) {
                out.println("      " + o);
            }
        }
        for (String s : registry.skipped()) {
            out.println("  (" + s + ")");
        }
        out.println("Attacks: fgsm, bim, pgd, mi-fgsm");
        out.flush();
        return ExitCodes.OK;
    }
}
