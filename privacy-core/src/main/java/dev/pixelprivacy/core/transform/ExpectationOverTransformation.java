package dev.pixelprivacy.core.transform;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Expectation over transformation (Athalye, Engstrom, Ilyas and Kwok, "Synthesizing Robust
 * Adversarial Examples", ICML 2018): the direction is the gradient of the loss averaged over transform
 * chains T drawn from a {@link TransformDistribution},
 * {@code (1/N) sum_s J_{T_s}(x)^T grad L(T_s(x))}. Each step draws N fresh chains from a
 * {@link SplittableRandom} seeded once, so two objectives built with the same seed give the same
 * sequence of directions. Every chain is applied to every image of the batch; the transformed images
 * (clamped into [0, 1], as {@link DifferentiableTransform#apply} does) of the chains with the same
 * output size go to the threat model in one batched {@link ThreatModel#lossGradient} call, and each
 * gradient is pulled back through its chain's exact vjp (zero where the clamp cut), from the trace of
 * the forward pass (each chain's steps run forward once per image and step).
 *
 * <p>The logits returned with the direction, which the attack reads for its success checks and for
 * the label of an unlabelled photo, are the threat model's logits of the <em>untransformed</em>
 * images (one extra forward pass per step). Targeted goals get the negated average and goals avoiding
 * a class set average the gradient of {@link ThreatModel#lossGradientAwayFrom}, as
 * {@link AttackObjective#threatLoss} does.
 *
 * <p>Thread-safe as far as the threat model is: the draws are synchronised, but the generator advances
 * with every call, so when several threads share one objective the chains a call gets depend on the
 * order of the calls (give each thread its own objective for reproducible runs). Plug it into an attack with
 * {@code SignGradientAttack.builder(model).objective("eot", eot)}.
 */
public final class ExpectationOverTransformation implements AttackObjective {
    private final ThreatModel model;
    private final ClassifierLoss loss;
    private final TransformDistribution distribution;
    private final int samples;
    private final long seed;
    private final SplittableRandom rng;

    private ExpectationOverTransformation(ThreatModel model, ClassifierLoss loss, TransformDistribution distribution,
            int samples, long seed) {
        this.model = model;
        this.loss = loss;
        this.distribution = distribution;
        this.samples = samples;
        this.seed = seed;
        this.rng = new SplittableRandom(seed);
    }

    /**
     * @param model the threat model
     * @param loss the loss to average
     * @param distribution the transform chains
     * @param samples chains per step, &gt;= 1
     * @param seed seed of the chain draws
     * @return the objective
     */
    public static ExpectationOverTransformation of(ThreatModel model, ClassifierLoss loss,
            TransformDistribution distribution, int samples, long seed) {
        if (model == null || loss == null || distribution == null) {
            throw new IllegalArgumentException("threat model, loss and distribution must not be null");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("EOT samples per step must be >= 1 but was " + samples);
        }
        return new ExpectationOverTransformation(model, loss, distribution, samples, seed);
    }

    @Override
    public Direction direction(ImageBatch batch, List<AttackGoal> goals) {
        if (goals.size() != batch.size()) {
            throw new IllegalArgumentException(goals.size() + " goals for a batch of " + batch.size());
        }
        return new Direction(model.logits(batch), averagedGradient(batch, goals, draw()));
    }

    @Override
    public Direction directionAtPrediction(ImageBatch batch) {
        float[][] logits = model.logits(batch);
        List<AttackGoal> goals = new ArrayList<>(logits.length);
        for (float[] z : logits) {
            goals.add(AttackGoal.untargeted(Prediction.fromLogits(z).label()));
        }
        return new Direction(logits, averagedGradient(batch, goals, draw()));
    }

    /** @return the next step's N chains */
    private synchronized List<TransformChain> draw() {
        List<TransformChain> chains = new ArrayList<>(samples);
        for (int s = 0; s < samples; s++) {
            chains.add(distribution.sample(rng));
        }
        return chains;
    }

    /**
     * The averaged pulled-back gradient for a given set of chains: per output size, one batched call
     * for the images with a class goal ({@link ThreatModel#lossGradient}) and one for those avoiding a
     * class set ({@link ThreatModel#lossGradientAwayFrom}, whatever the loss), as
     * {@link AttackObjective#threatLoss} does; negated for targeted goals.
     *
     * @param batch the images
     * @param goals one goal per image
     * @param chains the chains to average over
     * @return NCHW, of the batch's shape
     */
    float[] averagedGradient(ImageBatch batch, List<AttackGoal> goals, List<TransformChain> chains) {
        ImageSize size = new ImageSize(batch.width(), batch.height());
        int per = size.planarLength();
        List<RgbImage> inputs = batch.images();
        List<Integer> labelled = new ArrayList<>();
        List<Integer> avoiding = new ArrayList<>();
        for (int n = 0; n < goals.size(); n++) {
            (goals.get(n).avoided() == null ? labelled : avoiding).add(n);
        }
        Map<ImageSize, List<Integer>> groups = new LinkedHashMap<>();
        for (int s = 0; s < chains.size(); s++) {
            groups.computeIfAbsent(chains.get(s).outputSize(size), k -> new ArrayList<>()).add(s);
        }
        double[] sum = new double[batch.size() * per];
        for (Map.Entry<ImageSize, List<Integer>> group : groups.entrySet()) {
            for (List<Integer> kind : List.of(labelled, avoiding)) {
                if (!kind.isEmpty()) {
                    accumulate(group.getKey(), group.getValue(), kind, chains, inputs, goals, size, sum);
                }
            }
        }
        float[] direction = new float[batch.size() * per];
        double scale = 1.0 / chains.size();
        for (int n = 0; n < batch.size(); n++) {
            double sign = goals.get(n).targeted() ? -scale : scale;
            for (int i = n * per; i < (n + 1) * per; i++) {
                direction[i] = (float) (sum[i] * sign);
            }
        }
        return direction;
    }

    /**
     * One batched gradient call for the chains {@code members} (all of output size {@code out}) applied
     * to the images {@code images} (all with class goals, or all avoiding sets); their pulled-back
     * gradients added into {@code sum}.
     */
    private void accumulate(ImageSize out, List<Integer> members, List<Integer> images, List<TransformChain> chains,
            List<RgbImage> inputs, List<AttackGoal> goals, ImageSize size, double[] sum) {
        int per = size.planarLength();
        int outPer = out.planarLength();
        int count = members.size() * images.size();
        float[] stacked = new float[count * outPer];
        int[] labels = new int[count];
        ClassSet[] sets = new ClassSet[count];
        List<TransformChain.Trace> traces = new ArrayList<>(count);
        for (int m = 0; m < members.size(); m++) {
            TransformChain chain = chains.get(members.get(m));
            for (int j = 0; j < images.size(); j++) {
                int n = images.get(j);
                int k = m * images.size() + j;
                TransformChain.Trace trace = chain.trace(inputs.get(n).data(), size);
                UnitClamp.into(trace.output(), stacked, k * outPer);
                traces.add(trace);
                labels[k] = goals.get(n).label();
                sets[k] = goals.get(n).avoided();
            }
        }
        ImageBatch transformed = ImageBatch.wrap(count, out.width(), out.height(), stacked);
        LossGradient lg = sets[0] == null ? model.lossGradient(transformed, labels, loss)
                : model.lossGradientAwayFrom(transformed, sets);
        float[] g = lg.gradient().data();
        for (int m = 0; m < members.size(); m++) {
            TransformChain chain = chains.get(members.get(m));
            for (int j = 0; j < images.size(); j++) {
                int k = m * images.size() + j;
                float[] gx = chain.vjp(traces.get(k), UnitClamp.pullBack(traces.get(k).output(), g, k * outPer));
                traces.set(k, null);
                int at = images.get(j) * per;
                for (int i = 0; i < per; i++) {
                    sum[at + i] += gx[i];
                }
            }
        }
    }

    @Override
    public String toString() {
        return "eot(" + distribution + ", " + samples + " samples, seed " + seed + ", " + loss + ")";
    }
}
