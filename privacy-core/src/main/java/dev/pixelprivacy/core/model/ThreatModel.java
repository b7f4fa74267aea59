package dev.pixelprivacy.core.model;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.ImageGradient;
import dev.pixelprivacy.core.image.RgbImage;

/**
 * A differentiable image classifier: the model an attack tries to mislead (in the paper, ResNet-50
 * trained on Places365). Inputs are RGB images in [0, 1]; the implementation applies its own
 * preprocessing and returns gradients with respect to the [0, 1] input.
 *
 * <p>Implementations state whether they are thread-safe; callers that share one across threads must
 * check.
 */
public interface ThreatModel {

    /** @return number of classes, the length of every logit vector */
    int classCount();

    /**
     * The smallest width and height the model can take: a network fed at the image's own size
     * reduces it through convolutions and pooling, and an image below this size would leave a layer
     * with nothing to compute. Callers refuse smaller images before any work, naming both sizes.
     *
     * @return the minimum side in pixels, &gt;= 1 (1, the default, when any size is accepted, e.g.
     *     because the model resizes its input)
     */
    default int minimumInputSide() {
        return 1;
    }

    /**
     * @param width image columns
     * @param height image rows
     * @throws IllegalArgumentException if either side is below {@link #minimumInputSide()}, naming
     *     the image's size and the minimum
     */
    default void requireInputSize(int width, int height) {
        int min = minimumInputSide();
        if (width < min || height < min) {
            throw new IllegalArgumentException("image is " + width + "x" + height + " pixels but the threat model "
                    + "needs at least " + min + "x" + min + "; resize it (protect --size) first");
        }
    }

    /**
     * Forward pass.
     *
     * @param batch images, values in [0, 1]; any size the model accepts
     * @return logits, shape [batch size][{@link #classCount()}]
     */
    float[][] logits(ImageBatch batch);

    /**
     * Forward and backward pass: the loss of each image against its label and its gradient with
     * respect to the input pixels.
     *
     * @param batch images, values in [0, 1]
     * @param labels one class index in [0, classCount) per image
     * @param loss which loss to differentiate
     * @return logits, per-image loss values and d(loss)/d(pixel) in [0, 1] pixel space, NCHW; new arrays
     *     on every call, which belong to the caller (the attacks overwrite the gradient with their step
     *     instead of holding another copy of the image's size)
     */
    LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss);

    /**
     * The loss gradient against each image's own top-1 class: what an untargeted attack on an
     * unlabelled photo climbs. The default predicts first and then differentiates (two passes);
     * implementations that can take the label from the forward pass of the gradient call itself
     * override it, so protecting a photo costs no extra forward pass.
     *
     * @param batch images, values in [0, 1]
     * @param loss which loss to differentiate
     * @return logits (whose top-1 classes are the labels used), loss values and d(loss)/d(pixel)
     */
    default LossGradient lossGradientAtPrediction(ImageBatch batch, ClassifierLoss loss) {
        float[][] z = logits(batch);
        int[] labels = new int[z.length];
        for (int i = 0; i < z.length; i++) {
            labels[i] = Prediction.fromLogits(z[i]).label();
        }
        return lossGradient(batch, labels, loss);
    }

    /**
     * Forward and backward pass of {@link ClassifierLoss#awayFromSet}: the loss of each image against
     * its own set of classes to leave, and its gradient with respect to the input pixels.
     *
     * <p>The default needs no new graph: the set loss's logit gradient {@code p - q}, q the softmax
     * restricted to S, is the cross-entropy gradient against the soft label q, which is
     * {@code sum_s q_s} times the cross-entropy gradient against each hard label s (each of those is
     * {@code p - e_s}, and the q_s sum to 1). It therefore costs one {@link #lossGradient} call per
     * member of the largest set, the first of which also gives the logits q is read from.
     * Implementations that can differentiate the set loss in one pass override it.
     *
     * @param batch images, values in [0, 1]
     * @param sets one set per image, each within {@link #classCount()}
     * @return logits, per-image {@link ClassifierLoss#awayFromSet} values and d(loss)/d(pixel), NCHW,
     *     new arrays owned by the caller
     * @throws IllegalArgumentException if the sets are not one per image or name a class beyond the
     *     model's
     */
    default LossGradient lossGradientAwayFrom(ImageBatch batch, ClassSet[] sets) {
        int n = batch.size();
        checkSets(sets, n, classCount());
        int largest = 0;
        for (ClassSet s : sets) {
            largest = Math.max(largest, s.size());
        }
        int per = batch.imageLength();
        float[] g = new float[n * per];
        float[][] logits = null;
        double[][] q = new double[n][];
        int[][] members = new int[n][];
        for (int r = 0; r < largest; r++) {
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                if (members[i] == null) {
                    members[i] = sets[i].indices();
                }
                labels[i] = members[i][Math.min(r, members[i].length - 1)];
            }
            LossGradient lg = lossGradient(batch, labels, ClassifierLoss.CROSS_ENTROPY);
            if (logits == null) {
                logits = lg.logits();
                for (int i = 0; i < n; i++) {
                    q[i] = ClassifierLoss.softmaxOver(logits[i], sets[i]);
                }
            }
            float[] gr = lg.gradient().data();
            for (int i = 0; i < n; i++) {
                if (r >= members[i].length) {
                    continue;
                }
                float w = (float) q[i][r];
                for (int k = i * per; k < (i + 1) * per; k++) {
                    g[k] += w * gr[k];
                }
            }
        }
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            losses[i] = ClassifierLoss.awayFromSet(logits[i], sets[i]);
        }
        return new LossGradient(logits, losses, ImageGradient.wrap(n, batch.width(), batch.height(), g));
    }

    /**
     * Checks the sets of {@link #lossGradientAwayFrom}.
     *
     * @param sets one set per image
     * @param batchSize the number of images
     * @param classCount the model's classes
     * @throws IllegalArgumentException naming the count or the class out of range
     */
    static void checkSets(ClassSet[] sets, int batchSize, int classCount) {
        if (sets == null || sets.length != batchSize) {
            throw new IllegalArgumentException("need one class set per image (" + batchSize + ") but got "
                    + (sets == null ? "null" : sets.length));
        }
        for (int i = 0; i < sets.length; i++) {
            if (sets[i] == null) {
                throw new IllegalArgumentException("class set " + i + " must not be null");
            }
            sets[i].requireWithin(classCount);
        }
    }

    /**
     * @param image one image in [0, 1]
     * @return its logits, length {@link #classCount()}
     */
    default float[] logits(RgbImage image) {
        return logits(ImageBatch.of(image))[0];
    }

    /**
     * @param image one image in [0, 1]
     * @return the top-1 prediction with its softmax probabilities
     */
    default Prediction predict(RgbImage image) {
        return Prediction.fromLogits(logits(image));
    }

    /**
     * @param batch images in [0, 1]
     * @return one top-1 prediction per image
     */
    default Prediction[] predict(ImageBatch batch) {
        float[][] z = logits(batch);
        Prediction[] out = new Prediction[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = Prediction.fromLogits(z[i]);
        }
        return out;
    }

    /**
     * @param image one image in [0, 1]
     * @param label class index
     * @param loss which loss
     * @return logits, loss and gradient for that single image
     */
    default LossGradient lossGradient(RgbImage image, int label, ClassifierLoss loss) {
        return lossGradient(ImageBatch.of(image), new int[] {label}, loss);
    }
}
