package dev.pixelprivacy.core.attack;

import dev.pixelprivacy.core.Arguments;
import dev.pixelprivacy.core.PixelPrivacyException;
import dev.pixelprivacy.core.image.EightBitLevels;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.mask.PerturbationMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The L-infinity sign-gradient attacks, all as one loop of {@code x <- Proj(x + alpha * m * sign(d))}:
 *
 * <ul>
 *   <li>{@link Method#FGSM}: one step of size eps (Goodfellow et al. 2014).
 *   <li>{@link Method#BIM}: iterative FGSM, steps of alpha = eps / steps by default, projected onto the
 *       eps-ball after each (Kurakin et al. 2016).
 *   <li>{@link Method#PGD}: BIM from a uniformly random start in the eps-ball, alpha = 2.5 eps / steps
 *       by default (Madry et al. 2018).
 *   <li>{@link Method#MI_FGSM}: the direction is a momentum {@code mu * g + grad / ||grad||_1}
 *       accumulated over steps (Dong et al. 2018).
 * </ul>
 *
 * <p>The per-pixel mask m in [0, 1] scales both the step and the budget: a pixel with mask value v may
 * move at most {@code v * eps} in each channel, so a zero mask leaves the pixel untouched and FGSM
 * moves exactly {@code eps * m * sign(d)} before clipping. Every iterate is clipped to [0, 1].
 *
 * <p>With {@link Builder#robustTo8Bit(boolean)} the result is rounded to 8-bit levels (staying inside
 * the budget), the reported prediction is the prediction on the rounded image, and iterative methods
 * stop as soon as the rounded image meets the goal or the steps run out. With
 * {@link Builder#verifiedThrough} each candidate is also passed through an encoding (a JPEG written
 * and read back, say) before it is judged: the reported prediction is the one on the encoded image,
 * and iterative methods keep stepping until the encoded image meets the goal. The gradient is still
 * the model's at the unencoded image (no derivative of the encoding is taken).
 *
 * <p>Four options of the builder make the result transfer better to models that were not attacked,
 * and compose as in the literature (DI-TI-MI-FGSM, VNI-FGSM and so on); each changes only how the
 * direction d of a step is obtained, so masks, budgets, 8-bit rounding, verification and
 * stop-on-success apply unchanged:
 *
 * <ul>
 *   <li>{@link Builder#inputDiversity}: DI-FGSM (Xie et al. 2019, "Improving Transferability of
 *       Adversarial Examples with Input Diversity", CVPR). With probability p per gradient call the
 *       batch is resized (nearest neighbour) to a random size and zero-padded at a random offset onto a
 *       fixed canvas; the gradient on the canvas is carried back by the transform's exact adjoint.
 *   <li>{@link Builder#translationInvariance}: TI-FGSM (Dong et al. 2019, "Evading Defenses to
 *       Transferable Adversarial Examples by Translation-Invariant Attacks", CVPR). Every gradient is
 *       convolved with a normalised Gaussian kernel, per channel, before momentum and sign.
 *   <li>{@link Builder#nesterov}: NI-FGSM (Lin et al. 2020, "Nesterov Accelerated Gradient and Scale
 *       Invariance for Adversarial Attacks", ICLR), for MI-FGSM: the gradient is taken at the
 *       look-ahead point {@code x + alpha * mu * g} (g the accumulated momentum).
 *   <li>{@link Builder#varianceTuning}: VMI-FGSM (Wang and He 2021, "Enhancing the Transferability of
 *       Adversarial Attacks through Variance Tuning", CVPR), for iterative methods: the step uses
 *       {@code grad + v}, where v, from the previous step, is the mean gradient of N neighbours sampled
 *       uniformly in the box of half-width {@code beta * eps} around the iterate minus the gradient at
 *       the iterate.
 * </ul>
 *
 * <p>The random draws of a random start, of input diversity and of variance tuning come from three
 * streams derived from the one seed, so enabling one leaves the others' draws as they were; input
 * diversity draws once per gradient call for the whole batch (as the paper's code does), so a batch's
 * results then depend on its composition.
 */
public final class SignGradientAttack implements Attack {

    /** The attack variants. */
    public enum Method {
        /** Fast gradient sign method: a single step of size eps. */
        FGSM,
        /** Basic iterative method (I-FGSM). */
        BIM,
        /** Projected gradient descent with a random start. */
        PGD,
        /** Momentum iterative FGSM. */
        MI_FGSM;

        String shortName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final ThreatModel model;
    private final AttackObjective objective;
    private final String objectiveName;
    private final Method method;
    private final Epsilon epsilon;
    private final Epsilon stepSize;
    private final int steps;
    private final double momentum;
    private final boolean randomStart;
    private final long seed;
    private final ClassifierLoss loss;
    private final PerturbationMask mask;
    private final boolean robustTo8Bit;
    private final boolean stopOnSuccess;
    private final boolean everyStep;
    private final boolean stepSizeExplicit;
    private final String verifyName;
    private final java.util.function.UnaryOperator<RgbImage> verify;
    private final double diversityProbability;
    private final double diversityRate;
    private final int smoothingSize;
    private final double smoothingSigma;
    private final GradientSmoothing smoothing;
    private final boolean nesterov;
    private final int varianceSamples;
    private final double varianceBeta;

    private SignGradientAttack(Builder b) {
        this.model = b.model;
        this.loss = b.loss;
        this.objective = b.objective != null ? b.objective : AttackObjective.threatLoss(b.model, b.loss);
        this.objectiveName = b.objective != null ? b.objectiveName : "threat-loss(" + b.loss + ")";
        this.method = b.method;
        this.epsilon = b.epsilon;
        this.steps = b.resolvedSteps;
        this.stepSize = b.resolvedStepSize;
        this.momentum = b.momentum;
        this.randomStart = b.resolvedRandomStart;
        this.seed = b.seed;
        this.mask = b.mask;
        this.robustTo8Bit = b.robustTo8Bit;
        this.stopOnSuccess = b.stopOnSuccess;
        this.everyStep = b.everyStep;
        this.stepSizeExplicit = b.stepSizeGiven;
        this.verifyName = b.verifyName;
        this.verify = b.verify;
        this.diversityProbability = b.diversityProbability;
        this.diversityRate = b.diversityRate;
        this.smoothingSize = b.smoothingSize;
        this.smoothingSigma = b.smoothingSigma;
        this.smoothing = b.smoothingSize > 0 ? new GradientSmoothing(b.smoothingSize, b.smoothingSigma) : null;
        this.nesterov = b.nesterov;
        this.varianceSamples = b.varianceSamples;
        this.varianceBeta = b.varianceBeta;
    }

    private boolean diversity() {
        return diversityRate > 0;
    }

    private boolean varianceTuning() {
        return varianceSamples >= 0;
    }

    /**
     * @param model the threat model
     * @return a builder; FGSM by default, eps must be set
     */
    public static Builder builder(ThreatModel model) {
        return new Builder(model);
    }

    /**
     * A builder for an attack named as {@link #name()} names it, with the papers' settings for the
     * transfer options the name carries: an optional {@code di-} (input diversity, p = 0.5, rate
     * 330/299, Xie et al. 2019), an optional {@code ti-} (a 15-tap Gaussian of sigma 7/3, Dong et al.
     * 2019's {@code gkern(15, 3)}), then {@code fgsm}, {@code bim}, {@code pgd}, {@code mi-fgsm},
     * {@code ni-fgsm} (Nesterov MI-FGSM), {@code vmi-fgsm} or {@code vni-fgsm} (variance tuning with
     * N = 20, beta = 1.5, Wang and He 2021), {@code vt-bim} or {@code vt-pgd}; e.g.
     * {@code di-ti-mi-fgsm}. Any case; eps must still be set, and every setting can be changed after.
     *
     * @param model the threat model
     * @param name the attack's name
     * @return the builder
     * @throws IllegalArgumentException for an unknown name, listing the known forms
     */
    public static Builder named(ThreatModel model, String name) {
        NameSpec spec = NameSpec.parse(name);
        Builder b = builder(model);
        if (spec.diversity) {
            b.inputDiversity(0.5, 330 / 299.0);
        }
        if (spec.translation) {
            b.translationInvariance(15, 7 / 3.0);
        }
        b.method(spec.method).nesterov(spec.nesterov);
        if (spec.varianceTuning) {
            b.varianceTuning(20, 1.5);
        }
        return b;
    }

    /**
     * Checks an attack name without a threat model, e.g. when options are parsed before any model is
     * loaded.
     *
     * @param name an attack name as {@link #named} takes it
     * @return the name, stripped and in lower case
     * @throws IllegalArgumentException for an unknown name, listing the known forms
     */
    public static String checkName(String name) {
        NameSpec.parse(name);
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** What a {@link #named} name asks for. */
    private record NameSpec(Method method, boolean diversity, boolean translation, boolean nesterov,
                            boolean varianceTuning) {
        static NameSpec parse(String name) {
            if (name == null) {
                throw new IllegalArgumentException("attack name must not be null");
            }
            String rest = name.strip().toLowerCase(Locale.ROOT);
            boolean di = rest.startsWith("di-");
            if (di) {
                rest = rest.substring(3);
            }
            boolean ti = rest.startsWith("ti-");
            if (ti) {
                rest = rest.substring(3);
            }
            boolean vtPrefix = rest.startsWith("vt-"); // variance tuning of BIM or PGD
            boolean vPrefix = rest.equals("vmi-fgsm") || rest.equals("vni-fgsm");
            if (vtPrefix || vPrefix) {
                rest = rest.substring(vtPrefix ? 3 : 1);
            }
            Method m = switch (rest) {
                case "fgsm" -> Method.FGSM;
                case "bim" -> Method.BIM;
                case "pgd" -> Method.PGD;
                case "mi-fgsm", "ni-fgsm" -> Method.MI_FGSM;
                default -> null;
            };
            if (m == null || (vtPrefix && m != Method.BIM && m != Method.PGD)) {
                throw new IllegalArgumentException("unknown attack '" + name + "'; known: [di-][ti-] followed by fgsm, "
                        + "bim, pgd, mi-fgsm, ni-fgsm, vmi-fgsm, vni-fgsm, vt-bim or vt-pgd");
            }
            return new NameSpec(m, di, ti, rest.equals("ni-fgsm"), vtPrefix || vPrefix);
        }
    }

    /**
     * Plain untargeted-or-targeted FGSM with softmax cross-entropy and no mask.
     *
     * @param model the threat model
     * @param epsilon the budget
     * @return the attack
     */
    public static SignGradientAttack fgsm(ThreatModel model, Epsilon epsilon) {
        return builder(model).method(Method.FGSM).epsilon(epsilon).build();
    }

    /**
     * @return the method's short name, prefixed as in the literature by the transfer options in use:
     *     {@code di-} and {@code ti-}, {@code ni-fgsm} for Nesterov MI-FGSM, {@code v} before
     *     {@code mi-fgsm}/{@code ni-fgsm} (or {@code vt-} before another method) for variance tuning;
     *     e.g. {@code di-ti-mi-fgsm} or {@code vni-fgsm}
     */
    @Override
    public String name() {
        String core = nesterov ? "ni-fgsm" : method.shortName();
        if (varianceTuning()) {
            core = core.endsWith("i-fgsm") ? "v" + core : "vt-" + core;
        }
        return (diversity() ? "di-" : "") + (smoothing != null ? "ti-" : "") + core;
    }

    /** @return the variant */
    public Method method() {
        return method;
    }

    /** @return the budget */
    public Epsilon epsilon() {
        return epsilon;
    }

    /** @return the threat model the attack climbs the loss of */
    public ThreatModel threatModel() {
        return model;
    }

    /** @return the configured mask, or null for none (every pixel at full strength) */
    public PerturbationMask mask() {
        return mask;
    }

    /** @return whether results are rounded to 8-bit levels inside the budget and judged after rounding */
    public boolean robustTo8Bit() {
        return robustTo8Bit;
    }

    /**
     * The Java heap one image takes at the peak of {@link #attack}, per pixel, for an image attacked on
     * its own (a batch of one): the clean image (12 bytes), the iterate, which for a single step without
     * a random start is the direction's own array (12), a separate direction for more steps or a random
     * start (12), the rounded candidate of a robust iterative attack (12), the momentum of MI-FGSM (12),
     * an objective other than the threat loss combining two gradients (24), and the configured mask's
     * plane (4, none for a uniform mask of 1); with the transfer options, input diversity's canvas and
     * its gradient (24 times the canvas's area ratio), the smoothing's plane (4), the Nesterov look-ahead
     * (12) and variance tuning's three arrays (36). The threat model's own memory for a network of bounded
     * input size is not per pixel and not counted.
     *
     * @return bytes per pixel, an upper estimate
     */
    public long heapBytesPerPixel() {
        long b = 12 + 12;
        boolean iterative = steps > 1 || randomStart;
        if (iterative) {
            b += 12;
        }
        if (iterative && robustTo8Bit) {
            b += 12;
        }
        if (method == Method.MI_FGSM) {
            b += 12;
        }
        if (!objectiveName.startsWith("threat-loss(")) {
            b += 24;
        }
        if (mask != null && !(mask instanceof dev.pixelprivacy.core.mask.UniformMask u && u.value() == 1f)) {
            b += 4;
        }
        if (diversity()) {
            double area = Math.max(1.0, diversityRate) * Math.max(1.0, diversityRate);
            b += (long) Math.ceil(2 * 12 * area); // the canvas batch and its gradient
        }
        if (smoothing != null) {
            b += 4; // one plane of the row pass
        }
        if (nesterov) {
            b += 12; // the look-ahead images
        }
        if (varianceTuning()) {
            b += 36; // v, the neighbours' running mean and the neighbour images
        }
        return b;
    }

    /** @return the threat model's loss the default objective climbs */
    public ClassifierLoss loss() {
        return loss;
    }

    /** @return the objective's description, as in {@code toString()} */
    public String objectiveName() {
        return objectiveName;
    }

    /**
     * @return a builder holding this attack's settings, to derive a variant (another eps, say); a
     *     default step size is re-derived from the new settings, an explicit one is kept
     */
    public Builder toBuilder() {
        Builder b = new Builder(model).method(method).epsilon(epsilon).steps(steps).loss(loss)
                .momentum(momentum).randomStart(randomStart).seed(seed).mask(mask)
                .robustTo8Bit(robustTo8Bit).stopOnSuccess(stopOnSuccess).everyStep(everyStep).nesterov(nesterov);
        if (diversity()) {
            b.inputDiversity(diversityProbability, diversityRate);
        }
        if (smoothing != null) {
            b.translationInvariance(smoothingSize, smoothingSigma);
        }
        if (varianceTuning()) {
            b.varianceTuning(varianceSamples, varianceBeta);
        }
        if (verify != null) {
            b.verifiedThrough(verifyName, verify);
        }
        if (stepSizeExplicit) {
            b.stepSize(stepSize);
        }
        if (!objectiveName.startsWith("threat-loss(")) {
            b.objective(objectiveName, objective);
        }
        return b;
    }

    @Override
    public List<AttackResult> attack(ImageBatch batch, List<AttackGoal> goals, List<Mask> masks) {
        Attack.checkBatchArguments(batch, goals, masks);
        return run(batch, new ArrayList<>(goals), masks);
    }

    /**
     * Untargeted attack away from whatever the threat model predicts for each clean image (a photo
     * without a label). Where the objective takes the label from its own gradient call
     * ({@link AttackObjective#directionAtPrediction}), the first step costs no extra forward pass.
     *
     * @param batch clean images in [0, 1]
     * @param masks one mask per image, null entries or a null list for the configured mask
     * @return one result per image; each result's goal names the class it moved away from
     */
    public List<AttackResult> attackAtPrediction(ImageBatch batch, List<Mask> masks) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        if (masks != null && masks.size() != batch.size()) {
            throw new IllegalArgumentException("need one mask per image: " + batch.size() + " images but "
                    + masks.size() + " masks");
        }
        List<AttackGoal> unresolved = new ArrayList<>(java.util.Collections.nCopies(batch.size(), (AttackGoal) null));
        return run(batch, unresolved, masks);
    }

    /** The attack loop; null goals are resolved to "away from the clean prediction" before the first step. */
    private List<AttackResult> run(ImageBatch batch, List<AttackGoal> goals, List<Mask> masks) {
        int n = batch.size();
        int w = batch.width();
        int h = batch.height();
        int plane = w * h;
        int per = 3 * plane;
        float[] x0 = batch.data();
        float[][] pixelMask = new float[n][];
        for (int i = 0; i < n; i++) {
            Mask m = masks != null ? masks.get(i) : null;
            if (m == null && mask != null) {
                m = mask.compute(batch.image(i));
            }
            if (m != null) {
                if (m.width() != w || m.height() != h) {
                    throw new IllegalArgumentException("mask " + i + " is " + m.width() + "x" + m.height()
                            + " but the image is " + w + "x" + h);
                }
                // Full strength everywhere is the unmasked attack (x * 1f == x): no array of the image's size.
                pixelMask[i] = m.isUniform() && m.uniformValue() == 1f ? null : m.data();
            }
        }

        // The per-sample budget bounds lo <= x <= hi, intersected with [0, 1], are recomputed from x0,
        // eps and the mask where they are needed (bounds()), not stored: two arrays of the image's size less.
        Bounds bounds = new Bounds(epsilon, pixelMask, per, plane);

        // The iterate. Without a random start the first step starts from x0 itself, so the first
        // gradient is taken on the batch as it is and the step writes into the direction's own array
        // (the attack owns it): no copy of the images is made for FGSM.
        float[] x = null;
        if (randomStart) {
            x = new float[x0.length];
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0, k = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < plane; p++, k++) {
                        float b = bounds.budget(i, c, p);
                        float lo = Math.max(0f, x0[k] - b);
                        float span = Math.min(1f, x0[k] + b) - lo;
                        x[k] = lo + (float) rnd.nextDouble() * span;
                    }
                }
            }
        }

        Prediction[] before = new Prediction[n];
        // Input diversity's logits are those of a transformed image: the clean prediction is taken first.
        if (randomStart || epsilon.isZero() || diversity()) {
            before = model.predict(batch);
            resolveGoals(goals, before, null);
        }
        Prediction[] after = new Prediction[n];
        int[] stepsTaken = new int[n];
        boolean[] active = new boolean[n];
        java.util.Arrays.fill(active, true);
        boolean[] quantised = new boolean[n];
        float[] mom = method == Method.MI_FGSM ? new float[x0.length] : null;
        float[] variance = varianceTuning() ? new float[x0.length] : null;
        SplittableRandom diversityRandom = new SplittableRandom(seed).split();
        SplittableRandom varianceRandom = new SplittableRandom(seed).split().split();
        boolean checkEachStep = robustTo8Bit || stopOnSuccess || verify != null;
        int remaining = epsilon.isZero() ? 0 : n;

        for (int t = 0; t < steps && remaining > 0; t++) {
            int[] idx = activeIndices(active, remaining);
            // All images active: the iterate itself is the batch (it is not changed during the call).
            ImageBatch sub = x == null ? batch
                    : idx.length == n ? ImageBatch.wrap(n, w, h, x) : gather(x, idx, w, h, per);
            AttackObjective.Direction d = null;
            if (goals.contains(null)) { // t == 0 of attackAtPrediction, from the clean images
                d = objective.directionAtPrediction(sub);
                if (d == null) {
                    resolveGoals(goals, model.predict(sub), null);
                } else {
                    resolveGoals(goals, null, d.logits());
                    checkDirection(d, idx.length, per);
                    if (smoothing != null) {
                        smoothing.apply(d.ascent(), 3 * idx.length, w, h);
                    }
                }
            }
            List<AttackGoal> subGoals = new ArrayList<>(idx.length);
            for (int i : idx) {
                subGoals.add(goals.get(i));
            }
            if (d == null) {
                // NI-FGSM looks ahead along the momentum; at t == 0 the momentum is 0 and the point is x.
                ImageBatch at = nesterov && t > 0 ? lookAhead(sub, idx, mom, pixelMask, plane) : sub;
                d = gradient(at, subGoals, diversityRandom);
            }
            if (variance != null) {
                tuneVariance(d.ascent(), sub, subGoals, idx, variance, t == steps - 1, diversityRandom, varianceRandom);
            }
            float[] previous = x;
            if (x == null) { // t == 0 from x0, every image active: the step overwrites the direction
                x = d.ascent();
                previous = x0;
            }
            for (int j = 0; j < idx.length; j++) {
                int i = idx[j];
                if (before[i] == null) { // t == 0 without a random start: x is the clean image
                    before[i] = Prediction.fromLogits(d.logits()[j]);
                }
                step(x, previous, x0, d.ascent(), j * per, i * per, per, plane, pixelMask[i], mom, bounds);
                stepsTaken[i]++;
            }
            d = null;
            if (checkEachStep) {
                boolean last = t == steps - 1;
                ImageBatch candidates;
                if (robustTo8Bit && last) {
                    // No further step follows: round in place, the rounded iterate is the result.
                    for (int i : idx) {
                        quantiseWithin(x, x0, bounds, i * per, per);
                        quantised[i] = true;
                    }
                    candidates = idx.length == n ? ImageBatch.wrap(n, w, h, x) : gather(x, idx, w, h, per);
                } else {
                    candidates = robustTo8Bit ? gatherQuantised(x, x0, bounds, idx, w, h, per)
                            : idx.length == n ? ImageBatch.wrap(n, w, h, x) : gather(x, idx, w, h, per);
                }
                Prediction[] p = model.predict(verified(candidates));
                for (int j = 0; j < idx.length; j++) {
                    int i = idx[j];
                    after[i] = p[j];
                    if ((!everyStep && goals.get(i).isMetBy(p[j].label())) || stepsTaken[i] == steps) {
                        active[i] = false;
                        remaining--;
                    }
                }
            }
        }
        if (x == null) { // no step taken (eps 0): the result is the clean image
            x = x0.clone();
        }

        List<RgbImage> finals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] img = n == 1 ? x : java.util.Arrays.copyOfRange(x, i * per, (i + 1) * per);
            if (robustTo8Bit && !quantised[i]) {
                quantiseWithin(img, x0, bounds, i * per, n == 1 ? 0 : -i * per, per);
            }
            finals.add(RgbImage.clamped(w, h, img));
        }
        x = null;
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (after[i] == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<RgbImage> imgs = new ArrayList<>(missing.size());
            for (int i : missing) {
                imgs.add(finals.get(i));
            }
            Prediction[] p = model.predict(verified(ImageBatch.of(imgs)));
            for (int j = 0; j < missing.size(); j++) {
                after[missing.get(j)] = p[j];
            }
        }
        List<AttackResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RgbImage clean = batch.image(i);
            RgbImage adv = finals.get(i);
            out.add(new AttackResult(adv, goals.get(i), before[i], after[i],
                    ImageMetrics.linf(clean, adv), ImageMetrics.l2(clean, adv), stepsTaken[i]));
        }
        return out;
    }

    /**
     * The budget bounds of every sample, computed from the clean value where they are needed:
     * {@code lo = max(0, v - b)}, {@code hi = min(1, v + b)} with {@code b = eps_c * m} (or {@code eps_c}
     * without a mask), the same float operations as when they were stored.
     */
    private static final class Bounds {
        final float[] eps = new float[3];
        final float[][] masks;
        final int per;
        final int plane;

        Bounds(Epsilon epsilon, float[][] masks, int per, int plane) {
            for (int c = 0; c < 3; c++) {
                eps[c] = epsilon.channel(c);
            }
            this.masks = masks;
            this.per = per;
            this.plane = plane;
        }

        /** @return the budget of pixel p of channel c of image i */
        float budget(int i, int c, int p) {
            float[] pm = masks[i];
            return pm == null ? eps[c] : eps[c] * pm[p];
        }
    }

    private void checkDirection(AttackObjective.Direction d, int images, int per) {
        if (d.ascent().length != images * per || d.logits().length != images) {
            throw new PixelPrivacyException("objective " + objectiveName + " returned a direction of "
                    + d.ascent().length + " values and " + d.logits().length + " logit rows for "
                    + images + " images of " + per + " values");
        }
    }

    /**
     * The objective's direction at {@code at}, through a random input-diversity transform (with its
     * probability) and the translation-invariant smoothing when they are configured. The ascent is a
     * new array owned by the attack.
     */
    private AttackObjective.Direction gradient(ImageBatch at, List<AttackGoal> goals, SplittableRandom rnd) {
        int m = at.size();
        AttackObjective.Direction d;
        if (diversity() && rnd.nextDouble() < diversityProbability) {
            ResizePad tr = ResizePad.random(at.width(), at.height(), diversityRate, rnd);
            ImageBatch canvas = ImageBatch.wrap(m, tr.canvasWidth, tr.canvasHeight, tr.forward(at.data(), m));
            AttackObjective.Direction dc = objective.direction(canvas, goals);
            checkDirection(dc, m, canvas.imageLength());
            d = new AttackObjective.Direction(dc.logits(), tr.adjoint(dc.ascent(), m));
        } else {
            d = objective.direction(at, goals);
            checkDirection(d, m, at.imageLength());
        }
        if (smoothing != null) {
            smoothing.apply(d.ascent(), 3 * m, at.width(), at.height());
        }
        return d;
    }

    /**
     * NI-FGSM's look-ahead {@code x + alpha * mu * g} of the active images, with the mask scaling it as
     * it scales the step, clipped to [0, 1] (a threat model's input range). Lin et al.'s code normalises
     * each gradient by its mean absolute value where {@link #step} divides by the L1 sum: the sign steps
     * are the same, and the look-ahead multiplies g by the sample count to be the paper's.
     */
    private ImageBatch lookAhead(ImageBatch sub, int[] idx, float[] mom, float[][] pixelMask, int plane) {
        int per = sub.imageLength();
        float[] cur = sub.data();
        float[] out = new float[cur.length];
        float scale = (float) (momentum * per);
        for (int j = 0; j < idx.length; j++) {
            int i = idx[j];
            float[] pm = pixelMask[i];
            for (int c = 0; c < 3; c++) {
                float a = stepSize.channel(c) * scale;
                int sb = j * per + c * plane;
                int mb = i * per + c * plane;
                for (int p = 0; p < plane; p++) {
                    float s = a * mom[mb + p];
                    if (pm != null) {
                        s *= pm[p];
                    }
                    out[sb + p] = Math.min(1f, Math.max(0f, cur[sb + p] + s));
                }
            }
        }
        return ImageBatch.wrap(idx.length, sub.width(), sub.height(), out);
    }

    /**
     * VMI-FGSM (Wang and He 2021, eq. 3 and 4): replaces the gradient g in {@code dir} by {@code g + v}
     * and, unless this is the last step, sets v to the mean gradient of N neighbours of the iterate
     * ({@code x + r}, r uniform in [-beta eps_c, beta eps_c] per sample, clipped to [0, 1]) minus g. The
     * mean is a running one, so N equal gradients give exactly that gradient (and beta = 0 gives v = 0).
     * With Nesterov (VNI-FGSM) g is the look-ahead's gradient and the neighbours are still those of the
     * iterate, as in torchattacks' {@code VNIFGSM}. The neighbours' gradients go through input diversity
     * and smoothing like every other gradient.
     */
    private void tuneVariance(float[] dir, ImageBatch sub, List<AttackGoal> goals, int[] idx, float[] v, boolean last,
                              SplittableRandom diversityRandom, SplittableRandom rnd) {
        int per = sub.imageLength();
        int plane = per / 3;
        float[] mean = null;
        if (!last && varianceSamples > 0) {
            mean = new float[dir.length];
            float[] cur = sub.data();
            for (int s = 1; s <= varianceSamples; s++) {
                float[] nb = new float[cur.length];
                for (int k = 0; k < cur.length; k++) {
                    float r = (float) ((2 * rnd.nextDouble() - 1) * varianceBeta * epsilon.channel((k % per) / plane));
                    nb[k] = Math.min(1f, Math.max(0f, cur[k] + r));
                }
                float[] g = gradient(ImageBatch.wrap(idx.length, sub.width(), sub.height(), nb), goals, diversityRandom)
                        .ascent();
                for (int k = 0; k < g.length; k++) {
                    mean[k] += (g[k] - mean[k]) / s;
                }
            }
        }
        for (int j = 0; j < idx.length; j++) {
            int vo = idx[j] * per;
            int d0 = j * per;
            for (int k = 0; k < per; k++) {
                float g = dir[d0 + k];
                dir[d0 + k] = g + v[vo + k];
                if (mean != null) {
                    v[vo + k] = mean[d0 + k] - g;
                }
            }
        }
    }

    /** Sets each missing goal to "away from" the image's top-1 class, from predictions or logits of the whole batch. */
    private static void resolveGoals(List<AttackGoal> goals, Prediction[] predictions, float[][] logits) {
        for (int i = 0; i < goals.size(); i++) {
            if (goals.get(i) == null) {
                int label = predictions != null ? predictions[i].label() : Prediction.fromLogits(logits[i]).label();
                goals.set(i, AttackGoal.untargeted(label));
            }
        }
    }

    /** The candidates as the verifying encoding turns them, or as they are without one. */
    private ImageBatch verified(ImageBatch candidates) {
        if (verify == null) {
            return candidates;
        }
        List<RgbImage> encoded = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            encoded.add(verify.apply(candidates.image(i)));
        }
        return ImageBatch.of(encoded);
    }

    /**
     * One sign step of image j of the direction into image i of x, from image i of {@code previous}
     * (x itself, or x0 for the first step; x may be the direction's own array), then projection.
     */
    private void step(float[] x, float[] previous, float[] x0, float[] dir, int dOff, int xOff, int per, int plane,
                      float[] pm, float[] mom, Bounds bounds) {
        if (mom != null) {
            double l1 = 0;
            for (int k = 0; k < per; k++) {
                l1 += Math.abs(dir[dOff + k]);
            }
            float inv = l1 > 0 ? (float) (1.0 / l1) : 0f;
            float mu = (float) momentum;
            for (int k = 0; k < per; k++) {
                mom[xOff + k] = mu * mom[xOff + k] + dir[dOff + k] * inv;
            }
        }
        // Two loops, with and without a mask, and the sign without Math.signum (which branches on every
        // sample): this runs over every sample of every step; the values are the same floats.
        float[] g = mom != null ? mom : dir;
        int gOff = mom != null ? xOff : dOff;
        for (int c = 0; c < 3; c++) {
            float a = stepSize.channel(c);
            float e = bounds.eps[c];
            int xb = xOff + c * plane;
            int gb = gOff + c * plane;
            if (pm == null) {
                for (int p = 0; p < plane; p++) {
                    float clean = x0[xb + p];
                    x[xb + p] = clamp(previous[xb + p] + signStep(a, g[gb + p]), clean - e, clean + e);
                }
            } else {
                for (int p = 0; p < plane; p++) {
                    float m = pm[p];
                    float clean = x0[xb + p];
                    float b = e * m;
                    x[xb + p] = clamp(previous[xb + p] + signStep(a, g[gb + p]) * m, clean - b, clean + b);
                }
            }
        }
    }

    /**
     * @return {@code a * Math.signum(g)}: a times ±1 by g's sign bit, and {@code a * g} for ±0 and NaN
     *     (where signum returns g itself)
     */
    private static float signStep(float a, float g) {
        int magnitude = Float.floatToRawIntBits(g) & 0x7fffffff;
        return magnitude == 0 || magnitude > 0x7f800000 ? a * g : a * Math.copySign(1f, g);
    }

    /** @return v projected into [max(0, lo), min(1, hi)] (Math.min and Math.max compile to branch-free code) */
    private static float clamp(float v, float lo, float hi) {
        return Math.min(Math.min(1f, hi), Math.max(Math.max(0f, lo), v));
    }

    /**
     * Rounds to 8-bit levels without leaving the budget: the nearest level, moved one level towards
     * the clean value if rounding crossed the budget's edge, or the rounded clean value if no level
     * lies within the budget.
     */
    private static void quantiseWithin(float[] x, float[] x0, Bounds bounds, int off, int per) {
        quantiseWithin(x, x0, bounds, off, 0, per);
    }

    /**
     * Rounds image {@code off / per} of the batch, samples {@code img[k + shift]} for k in
     * [off, off + per), k indexing the batch (x0); {@code shift} maps a batch index into {@code img}
     * (0 when img is the whole batch).
     */
    private static void quantiseWithin(float[] img, float[] x0, Bounds bounds, int off, int shift, int per) {
        final float tol = 1e-6f;
        int i = off / per;
        for (int c = 0; c < 3; c++) {
            int base = off + c * bounds.plane;
            for (int p = 0; p < bounds.plane; p++) {
                int k = base + p;
                float b = bounds.budget(i, c, p);
                float clean = x0[k];
                float l = Math.max(0f, clean - b);
                float u = Math.min(1f, clean + b);
                int r = EightBitLevels.round(img[k + shift]);
                float q = EightBitLevels.level(r);
                if (q > u + tol) {
                    q = EightBitLevels.level(r - 1);
                } else if (q < l - tol) {
                    q = EightBitLevels.level(r + 1);
                }
                if (q > u + tol || q < l - tol) {
                    q = EightBitLevels.quantise(clean);
                }
                img[k + shift] = Math.min(1f, Math.max(0f, q));
            }
        }
    }

    private static int[] activeIndices(boolean[] active, int count) {
        int[] idx = new int[count];
        int j = 0;
        for (int i = 0; i < active.length; i++) {
            if (active[i]) {
                idx[j++] = i;
            }
        }
        return idx;
    }

    /** Images idx of the NCHW array x, as a new batch. */
    static ImageBatch gather(float[] x, int[] idx, int w, int h, int per) {
        float[] d = new float[idx.length * per];
        for (int j = 0; j < idx.length; j++) {
            System.arraycopy(x, idx[j] * per, d, j * per, per);
        }
        return ImageBatch.wrap(idx.length, w, h, d);
    }

    private static ImageBatch gatherQuantised(float[] x, float[] x0, Bounds bounds, int[] idx,
                                              int w, int h, int per) {
        float[] d = new float[idx.length * per];
        for (int j = 0; j < idx.length; j++) {
            System.arraycopy(x, idx[j] * per, d, j * per, per);
            quantiseWithin(d, x0, bounds, idx[j] * per, (j - idx[j]) * per, per);
        }
        return ImageBatch.wrap(idx.length, w, h, d);
    }

    @Override
    public String toString() {
        return "SignGradientAttack[method=" + method + ", epsilon=" + epsilon + ", steps=" + steps
                + ", stepSize=" + stepSize + ", momentum=" + momentum + ", randomStart=" + randomStart
                + ", seed=" + seed + ", objective=" + objectiveName + ", mask=" + (mask == null ? "none" : mask)
                + ", robustTo8Bit=" + robustTo8Bit + ", stopOnSuccess=" + stopOnSuccess
                + (everyStep ? ", everyStep" : "")
                + (verify == null ? "" : ", verifiedThrough=" + verifyName)
                + (diversity() ? ", inputDiversity=(p=" + diversityProbability + ", rate=" + diversityRate + ")" : "")
                + (smoothing != null ? ", translationInvariance=(size=" + smoothingSize + ", sigma=" + smoothingSigma + ")" : "")
                + (nesterov ? ", nesterov=true" : "")
                + (varianceTuning() ? ", varianceTuning=(N=" + varianceSamples + ", beta=" + varianceBeta + ")" : "")
                + "]";
    }

    /** Configures a {@link SignGradientAttack}; validated in {@link #build()}. */
    public static final class Builder {
        private final ThreatModel model;
        private Method method = Method.FGSM;
        private Epsilon epsilon;
        private Integer steps;
        private Epsilon stepSize;
        private boolean stepSizeGiven;
        private double momentum = 1.0;
        private Boolean randomStart;
        private long seed = 0x5eedL;
        private ClassifierLoss loss = ClassifierLoss.CROSS_ENTROPY;
        private PerturbationMask mask;
        private boolean robustTo8Bit;
        private boolean stopOnSuccess;
        private boolean everyStep;
        private AttackObjective objective;
        private String objectiveName;
        private String verifyName;
        private java.util.function.UnaryOperator<RgbImage> verify;
        private Epsilon resolvedStepSize;
        private int resolvedSteps;
        private boolean resolvedRandomStart;
        private double diversityProbability;
        private double diversityRate;
        private int smoothingSize;
        private double smoothingSigma;
        private boolean nesterov;
        private int varianceSamples = -1;
        private double varianceBeta;

        private Builder(ThreatModel model) {
            if (model == null) {
                throw new IllegalArgumentException("threat model must not be null");
            }
            this.model = model;
        }

        /**

         * @param method the variant (default FGSM)

         * @return this

         */
        public Builder method(Method method) {
            this.method = method;
            return this;
        }

        /**

         * @param epsilon the L-infinity budget (required)

         * @return this

         */
        public Builder epsilon(Epsilon epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**

         * @param steps gradient steps: 1 for FGSM, default 10 for the others

         * @return this

         */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * @param stepSize per-step size; default eps for FGSM, eps / steps for BIM and MI-FGSM, 2.5 eps /
         *     steps for PGD
         * @return this
         */
        public Builder stepSize(Epsilon stepSize) {
            this.stepSize = stepSize;
            this.stepSizeGiven = stepSize != null;
            return this;
        }

        /**

         * @param momentum MI-FGSM's decay factor mu &gt;= 0 (default 1)

         * @return this

         */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /**

         * @param randomStart start from a uniform point in the budget (default: PGD only)

         * @return this

         */
        public Builder randomStart(boolean randomStart) {
            this.randomStart = randomStart;
            return this;
        }

        /**

         * @param seed seed of the random start

         * @return this

         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**

         * @param loss the threat model loss (default cross-entropy)

         * @return this

         */
        public Builder loss(ClassifierLoss loss) {
            this.loss = loss;
            return this;
        }

        /**

         * @param mask computes the per-pixel strength of each image (default none: 1 everywhere)

         * @return this

         */
        public Builder mask(PerturbationMask mask) {
            this.mask = mask;
            return this;
        }

        /**
         * @param robust round the result to 8 bits within the budget, report the prediction on the
         *     rounded image, and stop iterating once the rounded image meets the goal
         * @return this
         */
        public Builder robustTo8Bit(boolean robust) {
            this.robustTo8Bit = robust;
            return this;
        }

        /**

         * @param stop stop iterating an image as soon as it meets the goal (default false)

         * @return this

         */
        public Builder stopOnSuccess(boolean stop) {
            this.stopOnSuccess = stop;
            return this;
        }

        /**
         * Takes every step even once the goal is met, where {@link #stopOnSuccess}, {@link #robustTo8Bit}
         * or {@link #verifiedThrough} would stop: for attacks meant to survive what happens to the image
         * afterwards (expectation over transformation), where meeting the goal on the image as it is says
         * little about the image after a platform's resize and JPEG.
         *
         * @param every take all {@link #steps} steps
         * @return this
         */
        public Builder everyStep(boolean every) {
            this.everyStep = every;
            return this;
        }

        /**
         * Judges every candidate after an encoding: the reported prediction is the one on the encoded
         * image, and iterative methods keep stepping until the encoded image meets the goal (for a lossy
         * output such as JPEG, which can undo part of a perturbation).
         *
         * @param name the encoding's name, for {@code toString()}
         * @param encoding what a reader of the output sees, e.g. a JPEG round trip; null for none
         * @return this
         */
        public Builder verifiedThrough(String name, java.util.function.UnaryOperator<RgbImage> encoding) {
            this.verifyName = name;
            this.verify = encoding;
            return this;
        }

        /**
         * DI-FGSM's input diversity (Xie et al. 2019, CVPR; class javadoc). With probability p per
         * gradient call, the batch is resized by nearest neighbour so each side S becomes a random
         * integer in [min(S, floor(S rate)), max(S, floor(S rate))) (one draw for both sides), then
         * zero-padded at a random offset onto a canvas of {@code max(S, floor(S rate))}; the gradient
         * comes back through the transform's exact adjoint. The paper uses rate 330/299 and p = 0.5
         * (torchattacks: rate 0.9, shrinking). p = 0 is the attack without it. The threat model is fed
         * the canvas, so it must accept that size (one whose preprocessing resizes to a fixed input
         * always does; a network fed at the image's own size may not).
         *
         * @param probability p in [0, 1]
         * @param resizeRate the canvas-to-image (or, below 1, smallest-resize-to-image) side ratio, in
         *     (0, 4]
         * @return this
         */
        public Builder inputDiversity(double probability, double resizeRate) {
            this.diversityProbability = probability;
            this.diversityRate = resizeRate;
            return this;
        }

        /**
         * TI-FGSM's translation invariance (Dong et al. 2019, CVPR; class javadoc): each gradient is
         * convolved per channel with a Gaussian of {@code size x size} taps and standard deviation sigma
         * pixels, normalised to sum 1, zero-padded, before momentum and sign. The paper's
         * {@code gkern(15, 3)} (15 taps over +-3 standard deviations) is size 15, sigma
         * {@code 14 / 6 = 7/3}; size 1 is the attack without it.
         *
         * @param size kernel side, odd, in [1, 101]
         * @param sigma standard deviation in pixels, &gt; 0
         * @return this
         */
        public Builder translationInvariance(int size, double sigma) {
            this.smoothingSize = size;
            this.smoothingSigma = sigma;
            return this;
        }

        /**
         * NI-FGSM (Lin et al. 2020, ICLR; class javadoc): for {@link Method#MI_FGSM}, take each gradient
         * at the look-ahead {@code x + alpha * mu * g} instead of at x. With momentum 0 the attack is
         * BIM (I-FGSM).
         *
         * @param nesterov whether to look ahead (default false)
         * @return this
         */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /**
         * VMI-FGSM's variance tuning (Wang and He 2021, CVPR; class javadoc) for an iterative method:
         * each step adds to its gradient the previous step's variance term, the mean gradient of N
         * neighbours in the box of half-width {@code beta * eps} minus the gradient there. The paper
         * uses N = 20, beta = 1.5; N = 0 or beta = 0 is the attack without it.
         *
         * @param samples neighbours per step N, in [0, 1000]; each costs one gradient call
         * @param beta the neighbourhood's half-width in units of eps, finite, in [0, 100]
         * @return this
         */
        public Builder varianceTuning(int samples, double beta) {
            this.varianceSamples = samples;
            this.varianceBeta = beta;
            return this;
        }

        /**
         * Replaces the threat-model loss by another objective (Coupled Optimisation, say). The threat
         * model is still used for predictions.
         *
         * @param name name for {@code toString()}
         * @param objective the direction to climb
         * @return this
         */
        public Builder objective(String name, AttackObjective objective) {
            this.objectiveName = name;
            this.objective = objective;
            return this;
        }

        /**
         * @return the attack
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public SignGradientAttack build() {
            if (method == null) {
                throw new IllegalArgumentException("method must not be null");
            }
            if (epsilon == null) {
                throw new IllegalArgumentException("epsilon must be set");
            }
            if (loss == null) {
                throw new IllegalArgumentException("loss must not be null");
            }
            int s = steps != null ? steps : (method == Method.FGSM ? 1 : 10);
            if (method == Method.FGSM && s != 1) {
                throw new IllegalArgumentException("FGSM takes exactly 1 step but steps was " + s
                        + "; use BIM, PGD or MI_FGSM for iterations");
            }
            if (s < 1 || s > 100_000) {
                throw new IllegalArgumentException("steps must be in [1, 100000] but was " + s);
            }
            this.resolvedSteps = s;
            if (!(momentum >= 0) || !Double.isFinite(momentum)) {
                throw new IllegalArgumentException("momentum must be finite and >= 0 but was " + momentum);
            }
            boolean rs = randomStart != null ? randomStart : method == Method.PGD;
            if (rs && method == Method.FGSM) {
                throw new IllegalArgumentException("FGSM has no random start; use PGD");
            }
            this.resolvedRandomStart = rs;
            Epsilon effectiveStep = stepSize;
            if (!stepSizeGiven || stepSize == null) {
                effectiveStep = switch (method) {
                    case FGSM -> epsilon;
                    case PGD -> epsilon.times(2.5 / s);
                    case BIM, MI_FGSM -> epsilon.times(1.0 / s);
                };
            }
            if (effectiveStep.max() > epsilon.max() && method == Method.FGSM) {
                throw new IllegalArgumentException("FGSM's step size is eps; got step size " + effectiveStep);
            }
            this.resolvedStepSize = effectiveStep;
            if (objective != null && (objectiveName == null || objectiveName.isBlank())) {
                throw new IllegalArgumentException("an objective needs a name");
            }
            checkTransferOptions();
            return new SignGradientAttack(this);
        }

        private void checkTransferOptions() {
            if (diversityRate != 0 || diversityProbability != 0) {
                Arguments.range("input diversity probability", diversityProbability, 0, 1);
                if (!(diversityRate > 0 && diversityRate <= 4)) {
                    throw new IllegalArgumentException("input diversity resize rate must be in (0, 4] but was "
                            + diversityRate);
                }
            }
            if (smoothingSize != 0 || smoothingSigma != 0) {
                if (smoothingSize < 1 || smoothingSize > 101 || smoothingSize % 2 == 0) {
                    throw new IllegalArgumentException("translation-invariance kernel size must be odd and in [1, 101] "
                            + "but was " + smoothingSize);
                }
                Arguments.positive("translation-invariance sigma", smoothingSigma);
            }
            if (nesterov && method != Method.MI_FGSM) {
                throw new IllegalArgumentException("Nesterov look-ahead (NI-FGSM) needs MI_FGSM's momentum but the "
                        + "method is " + method);
            }
            if (varianceSamples != -1) {
                if (method == Method.FGSM) {
                    throw new IllegalArgumentException("variance tuning acts from the second step on; FGSM takes one "
                            + "step: use BIM, PGD or MI_FGSM");
                }
                if (varianceSamples < 0 || varianceSamples > 1000) {
                    throw new IllegalArgumentException("variance tuning samples must be in [0, 1000] but was "
                            + varianceSamples);
                }
                Arguments.range("variance tuning beta", varianceBeta, 0, 100);
            }
        }
    }
}
