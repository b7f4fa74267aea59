package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Preprocessing.ResizeRule#BILINEAR_ALIGN_CORNERS} as a whole: the network input against the
 * definition of {@code tf.image.resizeBilinear(alignCorners = true)} written out in doubles (sample
 * {@code o * (in - 1) / (out - 1)}, linear between its two neighbours, rows then columns), with channel
 * order and normalisation; and its pull-back as the exact adjoint of the forward.
 */
class AlignCornersPreprocessingTest {
    private static final int W = 37;
    private static final int H = 23;
    private static final int OW = 16;
    private static final int OH = 11;

    private static Preprocessing spec() {
        return Preprocessing.builder().size(OW, OH).resize(Preprocessing.ResizeRule.BILINEAR_ALIGN_CORNERS)
                .channelOrder(Preprocessing.ChannelOrder.BGR).scale(2f).mean(0.1f, 0.2f, 0.3f).std(0.5f, 1f, 2f).build();
    }

    private static double sample(RgbImage img, int c, double y, double x) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(y0 + 1, img.height() - 1);
        int x1 = Math.min(x0 + 1, img.width() - 1);
        double fy = y - y0;
        double fx = x - x0;
        double top = img.get(c, y0, x0) * (1 - fx) + img.get(c, y0, x1) * fx;
        double bottom = img.get(c, y1, x0) * (1 - fx) + img.get(c, y1, x1) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static RgbImage random(long seed) {
        Random r = new Random(seed);
        float[] planar = new float[3 * W * H];
        for (int i = 0; i < planar.length; i++) {
            planar[i] = r.nextFloat();
        }
        return RgbImage.of(W, H, planar);
    }

    @Test
    void networkInputIsTheAlignedCornerSampleNormalised() {
        RgbImage img = random(3);
        float[] in = spec().apply(ImageBatch.of(img));
        float[] scale = {2f, 2f, 2f};
        float[] mean = {0.1f, 0.2f, 0.3f};
        float[] std = {0.5f, 1f, 2f};
        for (int c = 0; c < 3; c++) {
            int colour = 2 - c; // BGR
            for (int oy = 0; oy < OH; oy++) {
                for (int ox = 0; ox < OW; ox++) {
                    double v = sample(img, colour, oy * (H - 1.0) / (OH - 1), ox * (W - 1.0) / (OW - 1));
                    double expected = (scale[c] * v - mean[c]) / std[c];
                    assertThat((double) in[(c * OH + oy) * OW + ox]).as("channel %d (%d, %d)", c, ox, oy)
                            .isCloseTo(expected, offset(1e-5));
                }
            }
        }
        // corners coincide: the first and last samples are the image's corner pixels
        assertThat((double) in[0]).isCloseTo((2 * img.get(2, 0, 0) - 0.1) / 0.5, offset(1e-5));
        assertThat((double) in[OH * OW - 1]).isCloseTo((2 * img.get(2, H - 1, W - 1) - 0.1) / 0.5, offset(1e-5));
    }

    @Test
    void pullBackIsTheAdjointOfApply() {
        RgbImage x = random(5);
        Preprocessing p = spec();
        float[] fx = p.apply(ImageBatch.of(x));
        float[] zero = p.apply(ImageBatch.of(RgbImage.filled(W, H, 0f, 0f, 0f)));
        Random r = new Random(9);
        float[] g = new float[fx.length];
        double lhs = 0;
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) r.nextGaussian();
            lhs += (double) (fx[i] - zero[i]) * g[i]; // the linear part: apply minus its offset
        }
        float[] back = p.pullBack(g, 1, W, H);
        double rhs = 0;
        float[] data = ImageBatch.of(x).data();
        for (int i = 0; i < back.length; i++) {
            rhs += (double) data[i] * back[i];
        }
        assertThat(rhs).isCloseTo(lhs, offset(1e-4 * Math.abs(lhs)));
    }
}
