package dev.pixelprivacy.core.protect;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.CoupledObjective;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Protects images with one fixed configuration, built once and called per image or per batch:
 * {@code resize -> mask -> attack -> post-filter -> output encoding}, then the threat model's
 * prediction on the final image. Immutable; as thread-safe as the threat model, mask, scorer and
 * filters it holds.
 *
 * <p>Salient Defence is {@code mask(salient-defence mask)}; with tilt-shift add
 * {@code postFilter(tilt-shift)}; Coupled Optimisation is {@code coupled(scorer, lambda, ...)}. The
 * paper's protocol resizes to 256x256 first: {@code preprocess(resize to 256x256)}.
 */
public final class Protector implements ImageProtection {

    /**
     * Runs after the attack, before the output encoding: a tilt-shift, say. It sees the clean image
     * too, so it can work from the clean image's saliency rather than the perturbed one's.
     */
    @FunctionalInterface
    public interface PostFilter {
        /**
         * @param clean the image as it was before the attack (after any resize)
         * @param attacked the attack's output
         * @return the filtered image, values in [0, 1]
         */
        RgbImage apply(RgbImage clean, RgbImage attacked);

        /** @return a short description for {@code toString()} */
        default String describe() {
            return getClass().getSimpleName();
        }

        /**
         * @param filter an image filter that needs only the attacked image
         * @return it as a post-filter
         */
        static PostFilter of(ImageFilter filter) {
            return new PostFilter() {
                @Override
                public RgbImage apply(RgbImage clean, RgbImage attacked) {
                    return filter.apply(attacked);
                }

                @Override
                public String describe() {
                    return filter.describe();
                }
            };
        }
    }

    private final ThreatModel model;
    private final SignGradientAttack attack;
    private final PerturbationMask mask;
    private final ImageFilter preprocess;
    private final PostFilter postFilter;
    private final OutputEncoding encoding;
    private final String coupling;

    private Protector(Builder b, SignGradientAttack attack, String coupling) {
        this.model = b.model;
        this.attack = attack;
        this.mask = b.mask;
        this.preprocess = b.preprocess;
        this.postFilter = b.postFilter;
        this.encoding = b.encoding;
        this.coupling = coupling;
    }

    /**
     * @param model the threat model to protect against
     * @return a builder: FGSM, 8-bit PNG output, no mask, no resize, no post-filter; eps must be set
     */
    public static Builder builder(ThreatModel model) {
        return new Builder(model);
    }

    /**
     * Protects against the class the threat model currently predicts.
     *
     * @param image RGB in [0, 1]
     * @return the result
     * @throws IllegalArgumentException if the image is null or, after any resize, smaller than the
     *     threat model's {@link ThreatModel#minimumInputSide() minimum}
     */
    public ProtectionResult protect(RgbImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        RgbImage input = preprocess == null ? image : preprocess.apply(image);
        model.requireInputSize(input.width(), input.height());
        return protectPrepared(List.of(input), new int[] {model.predict(input).label()}).get(0);
    }

    @Override
    public ProtectionResult protect(RgbImage image, int trueLabel) {
        return protect(List.of(image), new int[] {trueLabel}).get(0);
    }

    /**
     * Protects several images; after any resize they must share one size, and one gradient call per
     * step serves them all.
     *
     * @param images RGB in [0, 1]
     * @param trueLabels one class per image
     * @return one result per image, in order
     */
    public List<ProtectionResult> protect(List<RgbImage> images, int[] trueLabels) {
        if (images == null || trueLabels == null) {
            throw new IllegalArgumentException("images and labels must not be null but were " + images + " and "
                    + (trueLabels == null ? "null" : trueLabels.length + " labels"));
        }
        if (images.size() != trueLabels.length) {
            throw new IllegalArgumentException(images.size() + " images but " + trueLabels.length + " labels");
        }
        List<RgbImage> inputs = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            RgbImage img = images.get(i);
            if (img == null) {
                throw new IllegalArgumentException("image " + i + " must not be null");
            }
            RgbImage input = preprocess == null ? img : preprocess.apply(img);
            model.requireInputSize(input.width(), input.height());
            inputs.add(input);
        }
        return protectPrepared(inputs, trueLabels);
    }

    private List<ProtectionResult> protectPrepared(List<RgbImage> inputs, int[] labels) {
        List<Mask> masks = new ArrayList<>(inputs.size());
        List<AttackGoal> goals = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            masks.add(mask == null ? null : mask.compute(inputs.get(i)));
            goals.add(AttackGoal.untargeted(labels[i]));
        }
        List<AttackResult> results = attack.attack(ImageBatch.of(inputs), goals, masks);
        List<RgbImage> floats = new ArrayList<>(inputs.size());
        List<RgbImage> outputs = new ArrayList<>(inputs.size());
        for (int i = 0; i < results.size(); i++) {
            AttackResult r = results.get(i);
            RgbImage out = postFilter == null ? r.image() : postFilter.apply(inputs.get(i), r.image());
            floats.add(out);
            outputs.add(encoding.apply(out));
        }
        boolean unchanged = postFilter == null;
        for (int i = 0; i < outputs.size() && unchanged; i++) {
            unchanged = outputs.get(i).equals(results.get(i).image());
        }
        Prediction[] after = unchanged ? null : model.predict(ImageBatch.of(outputs));
        List<ProtectionResult> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            AttackResult r = results.get(i);
            out.add(new ProtectionResult(inputs.get(i), floats.get(i), outputs.get(i), masks.get(i), r.before(),
                    after == null ? r.after() : after[i], labels[i], r));
        }
        return out;
    }

    /** @return the threat model */
    public ThreatModel threatModel() {
        return model;
    }

    @Override
    public String toString() {
        return "Protector[attack=" + attack + ", mask=" + (mask == null ? "none" : mask)
                + ", coupling=" + coupling + ", preprocess=" + (preprocess == null ? "none" : preprocess.describe())
                + ", postFilter=" + (postFilter == null ? "none" : postFilter.describe())
                + ", encoding=" + encoding + "]";
    }

    /** Configures a {@link Protector}; validated in {@link #build()}. */
    public static final class Builder {
        private final ThreatModel model;
        private SignGradientAttack.Method method = SignGradientAttack.Method.FGSM;
        private Epsilon epsilon;
        private Integer steps;
        private Epsilon stepSize;
        private ClassifierLoss loss = ClassifierLoss.CROSS_ENTROPY;
        private PerturbationMask mask;
        private ImageFilter preprocess;
        private PostFilter postFilter;
        private OutputEncoding encoding = OutputEncoding.PNG_8BIT;
        private DifferentiableAestheticScorer scorer;
        private double lambda = 1.0;
        private CoupledObjective.Normalisation normalisation = CoupledObjective.Normalisation.UNIT_L2;
        private long seed = 0x5eedL;
        private boolean robustToEncoding;

        private Builder(ThreatModel model) {
            if (model == null) {
                throw new IllegalArgumentException("threat model must not be null");
            }
            this.model = model;
        }

        /**
         * @param method FGSM (the paper's), BIM, PGD or MI-FGSM
         * @return this
         */
        public Builder method(SignGradientAttack.Method method) {
            this.method = method;
            return this;
        }

        /**
         * @param epsilon the budget (required)
         * @return this
         */
        public Builder epsilon(Epsilon epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * @param steps iterations of the iterative methods
         * @return this
         */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * @param stepSize per-step size of the iterative methods (default derived from eps and steps)
         * @return this
         */
        public Builder stepSize(Epsilon stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        /**
         * @param loss the threat model's loss (cross-entropy by default)
         * @return this
         */
        public Builder loss(ClassifierLoss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * @param mask where, and how strongly, pixels may change (default: everywhere, fully)
         * @return this
         */
        public Builder mask(PerturbationMask mask) {
            this.mask = mask;
            return this;
        }

        /**
         * @param preprocess applied to each image before anything else, e.g. the task's resize to 256x256
         * @return this
         */
        public Builder preprocess(ImageFilter preprocess) {
            this.preprocess = preprocess;
            return this;
        }

        /**
         * @param postFilter applied to the attacked image, e.g. tilt-shift; the reported prediction is
         *     taken after it
         * @return this
         */
        public Builder postFilter(ImageFilter postFilter) {
            this.postFilter = postFilter == null ? null : PostFilter.of(postFilter);
            return this;
        }

        /**
         * @param postFilter applied to the attacked image with the clean one at hand, e.g. a tilt-shift
         *     guided by the clean image's saliency; the reported prediction is taken after it
         * @return this
         */
        public Builder postFilter(PostFilter postFilter) {
            this.postFilter = postFilter;
            return this;
        }

        /**
         * @param encoding output form (8-bit PNG rounding by default; the attack is then made to hold
         *     up after rounding when there is no post-filter)
         * @return this
         */
        public Builder encoding(OutputEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * For a lossy encoding (JPEG): round the attack's result to 8-bit levels within the budget and
         * judge each candidate after the encoding, so iterative methods keep going until the encoded
         * image fools the model ({@link SignGradientAttack.Builder#verifiedThrough}). Ignored with a
         * post-filter, and for the float and 8-bit encodings (8-bit rounding is always held up to).
         *
         * @param robust whether to (default false)
         * @return this
         */
        public Builder robustToEncoding(boolean robust) {
            this.robustToEncoding = robust;
            return this;
        }

        /**
         * Switches to Coupled Optimisation: the step follows {@code N(g_attack) + lambda * N(g_score)}.
         *
         * @param scorer the differentiable aesthetic scorer
         * @param lambda weight of the aesthetic term
         * @param normalisation per-image scaling of both gradients
         * @return this
         */
        public Builder coupled(DifferentiableAestheticScorer scorer, double lambda,
                               CoupledObjective.Normalisation normalisation) {
            this.scorer = scorer;
            this.lambda = lambda;
            this.normalisation = normalisation;
            return this;
        }

        /**
         * @param seed seed of PGD's random start
         * @return this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @return the protector
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public Protector build() {
            if (encoding == null) {
                throw new IllegalArgumentException("encoding must not be null");
            }
            SignGradientAttack.Builder a = SignGradientAttack.builder(model).method(method).epsilon(epsilon)
                    .loss(loss).seed(seed).robustTo8Bit(encoding.isEightBitRounding() && postFilter == null);
            if (robustToEncoding && postFilter == null && encoding != OutputEncoding.FLOAT
                    && !encoding.isEightBitRounding()) {
                a.robustTo8Bit(true).verifiedThrough(encoding.name(), encoding::apply);
            }
            if (steps != null) {
                a.steps(steps);
            }
            if (stepSize != null) {
                a.stepSize(stepSize);
            }
            String coupling = "none";
            if (scorer != null) {
                CoupledObjective co = CoupledObjective.of(
                        dev.pixelprivacy.core.attack.AttackObjective.threatLoss(model, loss), scorer, lambda,
                        normalisation);
                a.objective(co.toString(), co);
                coupling = co.toString();
            }
            return new Protector(this, a.build(), coupling);
        }
    }
}
