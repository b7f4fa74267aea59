package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.DifferentiableAestheticScorer;
import dev.pixelprivacy.core.model.ImageNetStatistics;
import dev.pixelprivacy.core.model.ScoreGradient;
import dev.pixelprivacy.dl4j.model.NimaScorer;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import java.util.Arrays;

/**
 * How the authors' reference code fed its networks (compatibility mode; METHOD.md, last section).
 * Use these with {@code PaperMethods.builder(...).compatibility(true)} (dev.pixelprivacy.paper).
 */
public final class ReferenceCodeModels {
    private ReferenceCodeModels() {}

    /**
     * The reference code gave SalGAN the ImageNet-normalised RGB tensor times 255, at the image's own
     * size (256x256 under the task's protocol), instead of SalGAN's BGR, mean-subtracted 0..255
     * input: network input {@code 255 (x - mean) / std}, i.e. scale 255, mean {@code 255 mean},
     * std {@code std}, RGB, no resize.
     *
     * @return the spec
     */
    public static Preprocessing salganInput() {
        return normalisedTimes(255f);
    }

    /**
     * The reference code's NIMA (a VGG16 variant with adaptive pooling) was fed the ImageNet-normalised
     * tensor at the image's own size.
     *
     * @return the spec
     */
    public static Preprocessing nimaInput() {
        return normalisedTimes(1f);
    }

    private static Preprocessing normalisedTimes(float k) {
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = (float) ImageNetStatistics.mean(c);
            std[c] = (float) (ImageNetStatistics.std(c) / k);
        }
        // (scale v - mean) / std with scale 1 and std / k gives k (v - mean) / std.
        return Preprocessing.builder().resize(Preprocessing.ResizeRule.NONE).mean(mean).std(std).build();
    }

    /**
     * The reference code's aesthetic term for Coupled Optimisation as a scorer: the "score" is its EMD
     * from NIMA's distribution to a target built as all ones (their {@code aesthetics_goal[-1] = 1}
     * set the whole row), with the EMD summing absolute differences instead of taking the absolute
     * cumulative difference; its gradient is what their coupling standardised and added.
     *
     * @param nima the NIMA network with {@link #nimaInput()}
     * @param ratings the number of NIMA ratings (10)
     * @return the scorer
     */
    public static DifferentiableAestheticScorer emdToAllOnes(NimaScorer nima, int ratings) {
        float[] ones = new float[ratings];
        Arrays.fill(ones, 1f);
        return new DifferentiableAestheticScorer() {
            @Override
            public double[] scores(ImageBatch batch) {
                float[][] p = nima.distributions(batch);
                double[] d = new double[p.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = NimaScorer.emd(p[i], ones, true);
                }
                return d;
            }

            @Override
            public ScoreGradient scoreGradient(ImageBatch batch) {
                return nima.emdGradient(batch, ones, true);
            }

            @Override
            public String toString() {
                return "reference-code EMD to all-ones of " + nima;
            }
        };
    }
}
