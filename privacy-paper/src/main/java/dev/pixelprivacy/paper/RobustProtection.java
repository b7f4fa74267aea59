package dev.pixelprivacy.paper;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.EnsembleThreatModel;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.transform.ExpectationOverTransformation;
import dev.pixelprivacy.core.transform.TransformDistribution;
import java.util.List;

/**
 * The recommended setting for photos that a platform will resize, re-encode and classify with models
 * we never attacked ({@code protect --robust}): a momentum attack whose every step averages the
 * gradient over {@link #EOT_SAMPLES} draws of the platform's transform chain ({@link #PLATFORM}:
 * the long side in [720, 2048] with a random resize kernel, then JPEG of quality 70 to 95;
 * expectation over transformation, {@link ExpectationOverTransformation}), with translation
 * invariance ({@code ti-}, Dong et al. 2019) so the perturbation is smooth enough to survive the
 * resize and the JPEG quantisation, against one threat model or an equally weighted ensemble of
 * several (averaged losses, {@link EnsembleThreatModel}), at most {@link #MAX_EPS} (8/255) per sample.
 * The README's "Protection that survives the upload" gives the figures it was chosen by and the
 * command that measures them.
 *
 * <pre>{@code
 * SignGradientAttack attack = RobustProtection.attack(List.of(threatModel), Epsilon.of255(8), 0L).build();
 * ImageProtection p = Protector.builder(attack).build();
 * }</pre>
 */
public final class RobustProtection {
    /** The transform distribution the attack expects the platform to apply. */
    public static final String PLATFORM = "resize:long=720..2048:kernel=any,jpeg:q=70..95";

    /** The attack, by {@link SignGradientAttack#named} name. */
    public static final String METHOD = "ti-mi-fgsm";

    /** Iterations of the attack. */
    public static final int STEPS = 10;

    /** Transform chains drawn per step. */
    public static final int EOT_SAMPLES = 4;

    /** The default and largest budget per sample: 8/255. */
    public static final Epsilon MAX_EPS = Epsilon.of255(8);

    private RobustProtection() {}

    /**
     * @param threatModels one model, or several with the same classes (attacked as an equally weighted
     *     ensemble)
     * @param eps the budget per sample, at most {@link #MAX_EPS}
     * @param seed the seed of the transform draws (and of the attack's own randomness)
     * @return the attack's builder, for a mask or other settings before {@code build()}
     * @throws IllegalArgumentException for no model, models with different classes, or a budget above 8/255
     */
    public static SignGradientAttack.Builder attack(List<? extends ThreatModel> threatModels, Epsilon eps, long seed) {
        if (threatModels == null || threatModels.isEmpty()) {
            throw new IllegalArgumentException("the robust preset needs at least one threat model");
        }
        if (eps == null || eps.max() > MAX_EPS.max() + 1e-7) {
            throw new IllegalArgumentException("the robust preset's budget is at most 8/255 per sample but was "
                    + (eps == null ? "null" : eps.label()));
        }
        ThreatModel model = threatModels.size() == 1 ? threatModels.get(0) : EnsembleThreatModel.equallyWeighted(threatModels);
        return expectationOver(SignGradientAttack.named(model, METHOD), model, PLATFORM, EOT_SAMPLES, seed)
                .epsilon(eps).steps(STEPS).seed(seed).robustTo8Bit(true).everyStep(true);
    }

    /**
     * The attack the command line's options describe: the preset with {@code robust}, otherwise the attack
     * {@code method} names ({@link SignGradientAttack#named}), averaged over transform chains when
     * {@code eot} is given.
     *
     * @param model the threat model
     * @param method an attack name; ignored with {@code robust}
     * @param eps the budget
     * @param robust whether to use the preset ({@link #attack(List, Epsilon, long)})
     * @param eot a {@link TransformDistribution} spec, or null for none (must be null with {@code robust})
     * @param samples chains per step with {@code eot}
     * @param seed the seed of the attack's random choices and transform draws
     * @return the attack's builder
     * @throws IllegalArgumentException for an unknown name, a bad spec, or {@code eot} with {@code robust}
     */
    public static SignGradientAttack.Builder fromOptions(ThreatModel model, String method, Epsilon eps, boolean robust,
            String eot, int samples, long seed) {
        checkOptions(robust, eot, samples);
        if (robust) {
            return attack(List.of(model), eps, seed);
        }
        SignGradientAttack.Builder b = SignGradientAttack.named(model, method).epsilon(eps).seed(seed);
        return eot == null ? b : expectationOver(b, model, eot, samples, seed);
    }

    /**
     * Checks the options of {@link #fromOptions} before any work.
     *
     * @param robust the preset
     * @param eot a transform spec or null
     * @param samples chains per step
     * @throws IllegalArgumentException naming the bad option and value
     */
    public static void checkOptions(boolean robust, String eot, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("--eot-samples must be >= 1 but was " + samples);
        }
        if (robust && eot != null) {
            throw new IllegalArgumentException("--robust brings its own transforms ('" + PLATFORM + "'); leave out --eot '"
                    + eot + "'");
        }
        if (eot != null) {
            TransformDistribution.parse(eot);
        }
    }

    /**
     * Makes an attack average each step's gradient over transform chains (expectation over
     * transformation), for any attack, not only the preset's.
     *
     * @param attack the attack's builder
     * @param model the threat model the builder attacks
     * @param spec a {@link TransformDistribution} spec
     * @param samples chains per step, &gt;= 1
     * @param seed seed of the chain draws
     * @return {@code attack}, with the EOT objective over the threat model's cross-entropy, taking every step
     *     (the goal met on the image as it is says little about it after the transforms)
     * @throws IllegalArgumentException naming a bad spec token or a sample count below 1
     */
    public static SignGradientAttack.Builder expectationOver(SignGradientAttack.Builder attack, ThreatModel model,
            String spec, int samples, long seed) {
        TransformDistribution d = TransformDistribution.parse(spec);
        return attack.everyStep(true).objective("eot(" + spec + ", n=" + samples + ")",
                ExpectationOverTransformation.of(model, ClassifierLoss.CROSS_ENTROPY, d, samples, seed));
    }
}
