package dev.pixelprivacy.core.protect;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Protects images with one fixed configuration, built once and called per image or per batch:
 * {@code resize -> mask -> attack -> post-filter -> output encoding}, then the threat model's
 * prediction on the final image. The attack is configured once, in its own builder
 * ({@link SignGradientAttack.Builder}: method, budget, steps, loss, momentum, random start,
 * stop-on-success, 8-bit robustness, objective, mask); the protector adds only what happens around it.
 * Immutable; as thread-safe as the attack, filters and encoding it holds.
 *
 * <pre>{@code
 * Protector p = Protector.builder(SignGradientAttack.builder(model).epsilon(Epsilon.of255(8))
 *         .mask(salientDefence).robustTo8Bit(true).build()).build();
 * ProtectionResult r = p.protect(photo);
 * }</pre>
 *
 * <p>Salient Defence is an attack with the Salient Defence mask; with tilt-shift add
 * {@code postFilter(tilt-shift)}; Coupled Optimisation is an attack whose objective is a
 * {@link dev.pixelprivacy.core.attack.CoupledObjective}. {@code dev.pixelprivacy.paper.PaperMethods}
 * assembles the paper's methods this way.
 */
public final class Protector implements ImageProtection {
    private final SignGradientAttack attack;
    private final ThreatModel model;
    private final PerturbationMask mask;
    private final ImageFilter preprocess;
    private final PostFilter postFilter;
    private final OutputEncoding encoding;

    private Protector(Builder b) {
        this.attack = b.attack;
        this.model = b.attack.threatModel();
        this.mask = b.attack.mask();
        this.preprocess = b.preprocess;
        this.postFilter = b.postFilter;
        this.encoding = b.encoding;
    }

    /**
     * @param attack the configured attack (its threat model is the one protected against, its mask
     *     the one reported)
     * @return a builder: 8-bit PNG output, no resize, no post-filter
     */
    public static Builder builder(SignGradientAttack attack) {
        return new Builder(attack);
    }

    /**
     * Protects against the class the threat model currently predicts. The class is read from the
     * attack's first gradient call where the threat model can do that ({@link
     * ThreatModel#lossGradientAtPrediction}), so no separate forward pass is spent on it.
     *
     * @param image RGB in [0, 1]
     * @return the result; its {@code trueLabel} is the class predicted for the clean image
     * @throws IllegalArgumentException if the image is null or, after any resize, smaller than the
     *     threat model's {@link ThreatModel#minimumInputSide() minimum}
     */
    @Override
    public ProtectionResult protect(RgbImage image) {
        requireImage(image);
        return protectAtPrediction(List.of(image)).get(0);
    }

    /**
     * Protects several images, each against the class the threat model currently predicts for it;
     * after any resize they must share one size. One gradient call per step serves them all, and the
     * classes are read from the first one (as {@link #protect(RgbImage)} does), so no forward pass of
     * the batch is spent on them.
     *
     * @param images RGB in [0, 1]
     * @return one result per image, in order; each {@code trueLabel} is the class predicted for the clean image
     * @throws IllegalArgumentException if the list or an image is null or, after any resize, an image
     *     is smaller than the threat model's {@link ThreatModel#minimumInputSide() minimum}
     */
    public List<ProtectionResult> protectAtPrediction(List<RgbImage> images) {
        if (images == null) {
            throw new IllegalArgumentException("images must not be null");
        }
        List<RgbImage> inputs = inputs(images);
        List<Mask> masks = masks(inputs);
        return finish(inputs, masks, attack.attackAtPrediction(ImageBatch.of(inputs), masks));
    }

    @Override
    public ProtectionResult protect(RgbImage image, int trueLabel) {
        requireImage(image);
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
        List<RgbImage> inputs = inputs(images);
        List<AttackGoal> goals = new ArrayList<>(images.size());
        for (int label : trueLabels) {
            goals.add(AttackGoal.untargeted(label));
        }
        List<Mask> masks = masks(inputs);
        return finish(inputs, masks, attack.attack(ImageBatch.of(inputs), goals, masks));
    }

    /** The images after any resize, each checked against the threat model's minimum size. */
    private List<RgbImage> inputs(List<RgbImage> images) {
        List<RgbImage> inputs = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) {
                throw new IllegalArgumentException("image " + i + " must not be null");
            }
            RgbImage input = preprocess == null ? images.get(i) : preprocess.apply(images.get(i));
            model.requireInputSize(input.width(), input.height());
            inputs.add(input);
        }
        return inputs;
    }

    private static void requireImage(RgbImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
    }

    private List<Mask> masks(List<RgbImage> inputs) {
        List<Mask> masks = new ArrayList<>(inputs.size());
        for (RgbImage input : inputs) {
            masks.add(mask == null ? null : mask.compute(input));
        }
        return masks;
    }

    private List<ProtectionResult> finish(List<RgbImage> inputs, List<Mask> masks, List<AttackResult> results) {
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
                    after == null ? r.after() : after[i], r.goal().label(), r));
        }
        return out;
    }

    /**
     * The Java heap protecting one image takes at its peak, per pixel of the image as it is given
     * (after a resize the attack's share is smaller, so this stays an upper estimate): the attack's
     * {@link SignGradientAttack#heapBytesPerPixel()}; with a post-filter at least 72: the clean and the
     * attacked image, a mask, the filter's output, its saliency and weight planes and three planes of
     * scratch (60; the output's 8-bit rounding replaces the scratch afterwards), and a fifth more for the
     * garbage collector, which places each array of this size in whole regions of its own (a 100 MP
     * photo with tilt-shift ran out of a 6 GB heap at 56); without one, an 8-bit rounding of a result
     * that is not on 8-bit levels (12). Pass it to {@code ImageReadOptions.Builder#processingBytesPerPixel}
     * so that a photo too large for the heap is refused before it is decoded.
     *
     * @return bytes per pixel, an upper estimate for the filters of this library
     */
    public long heapBytesPerPixel() {
        long b = attack.heapBytesPerPixel();
        if (postFilter != null) {
            b = Math.max(b, (12 + 12 + 4 + 12 + 8 + 12) * 6 / 5);
        } else if (!(attack.robustTo8Bit() && encoding.isEightBitRounding()) && encoding != OutputEncoding.FLOAT) {
            b += 12;
        }
        return b;
    }

    /** @return the threat model */
    public ThreatModel threatModel() {
        return model;
    }

    /** @return the attack */
    public SignGradientAttack attack() {
        return attack;
    }

    @Override
    public String toString() {
        return "Protector[attack=" + attack + ", preprocess=" + (preprocess == null ? "none" : preprocess.describe())
                + ", postFilter=" + (postFilter == null ? "none" : postFilter.describe())
                + ", encoding=" + encoding + "]";
    }

    /** Configures a {@link Protector}; validated in {@link #build()}. */
    public static final class Builder {
        private final SignGradientAttack attack;
        private ImageFilter preprocess;
        private PostFilter postFilter;
        private OutputEncoding encoding = OutputEncoding.PNG_8BIT;

        private Builder(SignGradientAttack attack) {
            if (attack == null) {
                throw new IllegalArgumentException("attack must not be null");
            }
            this.attack = attack;
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
         * @param encoding output form (8-bit PNG rounding by default); an attack built with
         *     {@code robustTo8Bit(true)} then holds up after the rounding
         * @return this
         */
        public Builder encoding(OutputEncoding encoding) {
            this.encoding = encoding;
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
            return new Protector(this);
        }
    }
}
