package dev.pixelprivacy.examples.cli;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.paper.RobustProtection;
import picocli.CommandLine.Option;

/**
 * How a command's attacks are built beyond their method and budget: expectation over the platform's
 * transforms, the seed, and the robust preset ({@link RobustProtection}).
 */
final class AttackOptions {
    @Option(names = "--eot", paramLabel = "SPEC",
            description = "Expectation over transformation: every step averages the gradient over --eot-samples "
                    + "transform chains drawn from SPEC, e.g. 'resize:long=720..2048:kernel=any,jpeg:q=70..95' "
                    + "(steps resize, jpeg, gamma, jitter, shift, crop; see the README).")
    String eot;

    @Option(names = "--eot-samples", paramLabel = "N", defaultValue = "4",
            description = "Transform chains per step with --eot. Default: ${DEFAULT-VALUE}.")
    int eotSamples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the transform draws and of the attacks' random choices. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--robust",
            description = "The recommended setting for photos a platform resizes, re-encodes and classifies with "
                    + "models we never attacked: " + RobustProtection.METHOD + ", " + RobustProtection.STEPS
                    + " steps, expectation over '" + RobustProtection.PLATFORM + "' (" + RobustProtection.EOT_SAMPLES
                    + " chains a step), 8-bit robust, eps at most 8/255; against every --threat-model as one ensemble.")
    boolean robust;

    /**
     * Checks the options before any work.
     *
     * @throws IllegalArgumentException naming the bad option and value
     */
    void validate() {
        RobustProtection.checkOptions(robust, eot, eotSamples);
    }

    /**
     * @param model the threat model (an ensemble when several were given)
     * @param method an attack name ({@link SignGradientAttack#named}); ignored with --robust
     * @param eps the budget
     * @return the attack's builder with these options applied
     */
    SignGradientAttack.Builder builder(ThreatModel model, String method, Epsilon eps) {
        return RobustProtection.fromOptions(model, method, eps, robust, eot, eotSamples, seed);
    }
}
