package dev.pixelprivacy.dl4j.model;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.model.ClassSet;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.util.Objects;

/**
 * A {@link ThreatModel} backed by an ONNX classifier (logits out). Inputs and gradients are in the
 * [0, 1] RGB space of the caller's images; the {@link Preprocessing} spec is applied on the way in
 * and its chain rule on the way back.
 *
 * <p>Thread-safe: every thread uses its own SameDiff networks (built on first use per input shape and
 * loss), so concurrent calls share no session state or buffers. Each thread holds one network per
 * shape and loss it has used, with that network's pool of native buffers (about one forward and
 * backward pass), for as long as the thread lives; use a bounded pool of threads.
 */
public final class OnnxThreatModel implements ThreatModel, AutoCloseable {
    private final NetworkCache networks;
    private final Preprocessing preprocessing;
    private final int classCount;
    private final int probeSide;
    private volatile int minimumSide;

    /**
     * @param model a classifier with a [batch, classes] output of logits
     * @param preprocessing its input spec, e.g. {@link Preprocessing#imagenet256()}
     * @throws IllegalArgumentException if the model's declared input is not [N, 3, H, W], it does not
     *     run on the input the preprocessing gives it, or its output is
     *     not [batch, classes]; the message says what was expected
     */
    public OnnxThreatModel(OnnxModel model, Preprocessing preprocessing) {
        this.networks = new NetworkCache(model);
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        NetworkCache.checkDeclaredInput(model, ROLE);
        long[] probe = NetworkCache.probeShape(model, preprocessing, 256);
        long[] out = networks.probe(probe, ROLE).outputShape();
        if (out.length != 2) {
            throw new IllegalArgumentException(ROLE + " outputs [batch, classes] logits but " + model
                    + " outputs shape " + java.util.Arrays.toString(out));
        }
        this.classCount = (int) out[1];
        this.probeSide = (int) Math.min(probe[2], probe[3]);
    }

    private static final String ROLE = "a threat model (a classifier: logits [N, classes] out)";

    /**
     * Found once, on first call, by building forward networks for square inputs (a binary search
     * below the side the constructor probed): a network fed at the image's own size fails to build
     * where a convolution or pooling layer would have nothing left. With a preprocessing that fixes the
     * input size any image is brought to the network's size, so the minimum is 1.
     */
    @Override
    public int minimumInputSide() {
        int m = minimumSide;
        if (m == 0) {
            m = preprocessing.fixesInputSize() ? 1 : searchMinimumSide();
            minimumSide = m;
        }
        return m;
    }

    @Override
    public void requireInputSize(int width, int height) {
        // The constructor's probe ran at probeSide: images at least that big need no search.
        if (Math.min(width, height) < probeSide) {
            ThreatModel.super.requireInputSize(width, height);
        }
    }

    private int searchMinimumSide() {
        int lo = 1;
        int hi = probeSide;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (builds(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private boolean builds(int side) {
        try {
            networks.model().network(new long[] {1, 3, side, side}, null);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return the input spec */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public int classCount() {
        return classCount;
    }

    private long[] shapeFor(ImageBatch b) {
        return preprocessing.inputShape(b.size(), b.width(), b.height());
    }

    @Override
    public float[][] logits(ImageBatch batch) {
        Objects.requireNonNull(batch, "batch");
        float[] out = networks.get(shapeFor(batch), null).output(preprocessing.apply(batch));
        return rows(out, batch.size());
    }

    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(loss, "loss");
        if (labels == null || labels.length != batch.size()) {
            throw new IllegalArgumentException("need one label per image (" + batch.size() + ") but got "
                    + (labels == null ? "null" : labels.length));
        }
        // Each loss names its graph head and label weight; a new loss fails to compile here until it has them.
        Objective objective = switch (loss) {
            case CROSS_ENTROPY -> Objective.SOFTMAX_CROSS_ENTROPY;
            case NEGATIVE_TRUE_LOGIT -> Objective.WEIGHTED_SUM;
        };
        float labelWeight = switch (loss) {
            case CROSS_ENTROPY -> 1f;
            case NEGATIVE_TRUE_LOGIT -> -1f;
        };
        float[] w = new float[batch.size() * classCount];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("label " + i + " must be in [0, " + classCount + ") but was " + labels[i]);
            }
            w[i * classCount + labels[i]] = labelWeight;
        }
        return evaluate(batch, objective, w, (i, z) -> loss.value(z, labels[i]));
    }

    /**
     * One pass of the network with the {@link Objective#AWAY_FROM_SET} head, its weight rows the 0/1
     * indicators of the sets: SameDiff differentiates {@code logSumExp(z) - logSumExp(z_S)} itself, so
     * a set of any size costs one gradient call.
     */
    @Override
    public LossGradient lossGradientAwayFrom(ImageBatch batch, ClassSet[] sets) {
        Objects.requireNonNull(batch, "batch");
        ThreatModel.checkSets(sets, batch.size(), classCount);
        float[] w = new float[batch.size() * classCount];
        for (int i = 0; i < sets.length; i++) {
            for (int j : sets[i].indices()) {
                w[i * classCount + j] = 1f;
            }
        }
        return evaluate(batch, Objective.AWAY_FROM_SET, w, (i, z) -> ClassifierLoss.awayFromSet(z, sets[i]));
    }

    /** The loss of image i from its logits, in double (the graph's objective is the batch's float sum). */
    private interface RowLoss {
        double of(int i, float[] logits);
    }

    private LossGradient evaluate(ImageBatch batch, Objective objective, float[] w, RowLoss loss) {
        OnnxNetwork net = networks.get(shapeFor(batch), objective);
        OnnxNetwork.Evaluation e = net.gradient(preprocessing.apply(batch), w);
        float[][] logits = rows(e.output(), batch.size());
        double[] losses = new double[batch.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = loss.of(i, logits[i]);
        }
        float[] g = preprocessing.pullBack(e.inputGradient(), batch.size(), batch.width(), batch.height());
        return new LossGradient(logits, losses, ImageGradient.wrap(batch.size(), batch.width(), batch.height(), g));
    }

    /**
     * For cross-entropy, one pass of the network: the graph takes each image's label from the arg-max
     * of its own logits ({@link Objective#SOFTMAX_CROSS_ENTROPY_AT_PREDICTION}), so no forward pass is
     * spent on finding it. For the negative true logit, the two passes of the default.
     */
    @Override
    public LossGradient lossGradientAtPrediction(ImageBatch batch, ClassifierLoss loss) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(loss, "loss");
        return switch (loss) {
            case CROSS_ENTROPY -> crossEntropyAtPrediction(batch);
            case NEGATIVE_TRUE_LOGIT -> ThreatModel.super.lossGradientAtPrediction(batch, loss);
        };
    }

    private LossGradient crossEntropyAtPrediction(ImageBatch batch) {
        return evaluate(batch, Objective.SOFTMAX_CROSS_ENTROPY_AT_PREDICTION, new float[batch.size() * classCount],
                (i, z) -> ClassifierLoss.CROSS_ENTROPY.value(z, Prediction.fromLogits(z).label()));
    }

    private float[][] rows(float[] flat, int n) {
        float[][] r = new float[n][classCount];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * classCount, r[i], 0, classCount);
        }
        return r;
    }

    /**
     * Frees the native memory of every network this threat model has built, on every thread; idempotent.
     * A later call fails with {@link IllegalStateException} naming the model.
     */
    @Override
    public void close() {
        networks.close();
    }

    @Override
    public String toString() {
        return "OnnxThreatModel[" + classCount + " classes, " + preprocessing + "]";
    }
}
