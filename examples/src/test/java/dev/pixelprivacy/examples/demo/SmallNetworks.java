package dev.pixelprivacy.examples.demo;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small real networks for the tests of the paper's methods, trained with {@link DemoCnn}'s SameDiff
 * loop, exported to ONNX and loaded through privacy-dl4j exactly as a user's models are.
 *
 * <p>The synthetic problem: 32x32 images of stripes over the whole image, class 0 horizontal, class 1
 * vertical, with a random period (4 to 8 pixels), phase, colours, brightness, contrast and pixel noise,
 * rounded to 8 bits. The class is in the orientation alone, spread over every pixel as a scene's
 * evidence is; a small CNN finds it in a few hundred updates.
 *
 * <p>The aesthetic scorer is NIMA-shaped (softmax over ratings 1..10) and taught that brighter,
 * higher-contrast images are more appealing: its target distribution for an image is a discretised
 * normal (sd 1) around {@link #appeal}, so its mean score moves across the images and has a real
 * gradient.
 *
 * <p>Everything is seeded; each network is trained once per JVM.
 */
final class SmallNetworks {
    /** Image side. */
    static final int SIZE = 32;
    /** Input spec of both networks: the image's own size, RGB, {@code (x - 0.5) / 0.25}. */
    static final Preprocessing PREPROCESSING = Preprocessing.builder().resize(Preprocessing.ResizeRule.NONE)
            .mean(0.5f, 0.5f, 0.5f).std(0.25f, 0.25f, 0.25f).build();
    /** The classifier: three 3x3 blocks (8, 16, 16 channels), two pooled, two logits. */
    static final DemoCnn.Architecture CLASSIFIER = new DemoCnn.Architecture(new int[] {8, 16, 16}, new int[] {3, 3, 3},
            new int[] {1, 1, 1}, new int[] {1, 1, 1}, new boolean[] {true, true, false}, 2, false);
    /** The scorer: two 3x3 blocks (8, 16 channels), both pooled, a softmax over 10 ratings. */
    static final DemoCnn.Architecture SCORER = new DemoCnn.Architecture(new int[] {8, 16}, new int[] {3, 3},
            new int[] {1, 1}, new int[] {1, 1}, new boolean[] {true, true}, 10, true);
    /** Training images come from seeds below this, evaluation images from this up. */
    static final long HELD_OUT_SEED = 1_000_000L;

    /** Initialisation seed of the classifier. */
    static final long CLASSIFIER_SEED = 11;
    /** Initialisation seed of the scorer. */
    static final long SCORER_SEED = 12;
    /** Updates of the classifier's training run. */
    static final int CLASSIFIER_STEPS = 200;
    /** Updates of the scorer's training run. */
    static final int SCORER_STEPS = 300;

    private static OnnxThreatModel classifier;
    private static NimaScorer scorer;

    private SmallNetworks() {}

    /**
     * @param label 0 horizontal stripes, 1 vertical
     * @param seed the image's seed
     * @return the image, 8-bit levels
     */
    static RgbImage stripes(int label, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 2 + label);
        double period = 4 + 4 * r.nextDouble();
        double phase = 2 * Math.PI * r.nextDouble();
        double brightness = 0.2 + 0.6 * r.nextDouble();
        double contrast = 0.05 + 0.15 * r.nextDouble();
        double[] tint = new double[3];
        double[] weight = new double[3];
        for (int c = 0; c < 3; c++) {
            tint[c] = -0.1 + 0.2 * r.nextDouble();
            weight[c] = 0.5 + 0.5 * r.nextDouble();
        }
        int plane = SIZE * SIZE;
        float[] d = new float[3 * plane];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double s = Math.sin(2 * Math.PI * (label == 0 ? y : x) / period + phase);
                for (int c = 0; c < 3; c++) {
                    double v = brightness + tint[c] + contrast * weight[c] * s + 0.03 * gaussian(r);
                    d[c * plane + y * SIZE + x] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return RgbImage.of(SIZE, SIZE, d).quantised8Bit();
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * What the scorer is taught: {@code 1.5 + 7 * (0.6 * mean luminance + 0.4 * min(1, 4 * sd of luminance))},
     * a rating in [1.5, 8.5].
     *
     * @param img an image
     * @return its appeal
     */
    static double appeal(RgbImage img) {
        int plane = img.pixelCount();
        float[] d = img.data();
        double sum = 0;
        double sq = 0;
        for (int p = 0; p < plane; p++) {
            double l = 0.299 * d[p] + 0.587 * d[plane + p] + 0.114 * d[2 * plane + p];
            sum += l;
            sq += l * l;
        }
        double mean = sum / plane;
        double sd = Math.sqrt(Math.max(0, sq / plane - mean * mean));
        return 1.5 + 7 * (0.6 * mean + 0.4 * Math.min(1, 4 * sd));
    }

    /** @return the classifier, trained on the first call */
    static synchronized OnnxThreatModel classifier() {
        if (classifier == null) {
            classifier = new OnnxThreatModel(load(trainClassifier(CLASSIFIER_STEPS)), PREPROCESSING);
        }
        return classifier;
    }

    /** @return the aesthetic scorer, trained on the first call */
    static synchronized NimaScorer scorer() {
        if (scorer == null) {
            scorer = new NimaScorer(load(trainScorer(SCORER_STEPS)), PREPROCESSING, 1);
        }
        return scorer;
    }

    /**
     * The classifier's training run: Adam (3e-3) on minibatches of 32 fresh images, half per class,
     * with targets 0.8 / 0.2 (label smoothing keeps the logit margins moderate, as a real threat
     * model's are, so small budgets matter).
     *
     * @param steps updates
     * @return the trained parameters
     */
    static DemoCnn.Parameters trainClassifier(int steps) {
        int batch = 32;
        return DemoCnn.train(DemoCnn.initialise(CLASSIFIER, CLASSIFIER_SEED), 3e-3, steps, step -> {
            List<RgbImage> images = new ArrayList<>(batch);
            float[] targets = new float[batch * 2];
            for (int j = 0; j < batch; j++) {
                int label = j % 2;
                images.add(stripes(label, (long) step * batch + j));
                targets[j * 2 + label] = 0.8f;
                targets[j * 2 + 1 - label] = 0.2f;
            }
            return new DemoCnn.Batch(PREPROCESSING.apply(ImageBatch.of(images)), new long[] {batch, 3, SIZE, SIZE}, targets);
        }, 1, null);
    }

    /**
     * The scorer's training run: Adam (3e-3) on minibatches of 32 fresh images of both classes, each
     * with the discretised normal (sd 1) around its {@link #appeal} over the ratings 1..10 as target.
     *
     * @param steps updates
     * @return the trained parameters
     */
    static DemoCnn.Parameters trainScorer(int steps) {
        int batch = 32;
        return DemoCnn.train(DemoCnn.initialise(SCORER, SCORER_SEED), 3e-3, steps, step -> {
            List<RgbImage> images = new ArrayList<>(batch);
            float[] targets = new float[batch * 10];
            for (int j = 0; j < batch; j++) {
                RgbImage img = stripes(j % 2, 500_000L + (long) step * batch + j);
                images.add(img);
                double a = appeal(img);
                double total = 0;
                for (int k = 0; k < 10; k++) {
                    total += Math.exp(-0.5 * Math.pow(k + 1 - a, 2));
                }
                for (int k = 0; k < 10; k++) {
                    targets[j * 10 + k] = (float) (Math.exp(-0.5 * Math.pow(k + 1 - a, 2)) / total);
                }
            }
            return new DemoCnn.Batch(PREPROCESSING.apply(ImageBatch.of(images)), new long[] {batch, 3, SIZE, SIZE}, targets);
        }, 1, null);
    }

    /** @return the parameters as an ONNX model read back through privacy-dl4j's importer */
    static OnnxModel load(DemoCnn.Parameters p) {
        String name = p.architecture().softmaxOutput() ? "tiny_nima" : "stripes_cnn";
        byte[] bytes = DemoCnn.toOnnx(p, name, "pixel-privacy tests", "trained in the tests: " + p.architecture().describe(),
                Map.of());
        return OnnxModel.fromBytes(bytes);
    }

    /**
     * @param perClass images per class
     * @return held-out images, alternating classes, from seeds {@value #HELD_OUT_SEED} up
     */
    static List<RgbImage> heldOut(int perClass) {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int label = 0; label < 2; label++) {
                out.add(stripes(label, HELD_OUT_SEED + i));
            }
        }
        return out;
    }
}
