package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.dl4j.testing.OpCheck;
import org.junit.jupiter.api.Test;

/**
 * {@link Preprocessing.ResizeRule#AREA_WITHIN}: block means computed by hand, the pull-back as the exact
 * adjoint ({@code <A x, g> = <x, A^T g>}, both sides accumulated in double; 1e-5 relative covers the
 * float32 rounding of the block means and of the pulled-back values), and no change at all within the
 * limit.
 */
class AreaWithinPreprocessingTest {
    private static Preprocessing area(long maxPixels) {
        return Preprocessing.builder().resize(Preprocessing.ResizeRule.AREA_WITHIN).maxPixels(maxPixels)
                .channelOrder(Preprocessing.ChannelOrder.BGR).scale(255f).mean(100f, 120f, 110f).std(50f, 60f, 70f)
                .build();
    }

    private static Preprocessing none() {
        return Preprocessing.builder().resize(Preprocessing.ResizeRule.NONE)
                .channelOrder(Preprocessing.ChannelOrder.BGR).scale(255f).mean(100f, 120f, 110f).std(50f, 60f, 70f)
                .build();
    }

    private static RgbImage image(int w, int h, long seed) {
        return RgbImage.of(w, h, OpCheck.random(3L * w * h, seed, 0f, 1f));
    }

    @Test
    void anImageWithinTheLimitIsFedAndPulledBackExactlyAsWithoutResize() {
        ImageBatch b = ImageBatch.of(image(7, 5, 1));
        float[] g = OpCheck.random(3L * 7 * 5, 2, -1f, 1f);
        assertThat(area(35).inputShape(1, 7, 5)).containsExactly(1, 3, 5, 7);
        assertThat(area(35).apply(b)).containsExactly(none().apply(b));
        assertThat(area(35).pullBack(g, 1, 7, 5)).containsExactly(none().pullBack(g, 1, 7, 5));
    }

    @Test
    void aLargerImageIsReducedByTheSmallestFactorThatFitsWithPartialEdgeBlocks() {
        // 7x5 = 35 pixels over a limit of 12: k = 2 gives 4x3 = 12.
        Preprocessing p = Preprocessing.builder().resize(Preprocessing.ResizeRule.AREA_WITHIN).maxPixels(12).build();
        assertThat(p.inputShape(2, 7, 5)).containsExactly(2, 3, 3, 4);
        RgbImage img = image(7, 5, 3);
        float[] out = p.apply(ImageBatch.of(img));
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < 3; oy++) {
                for (int ox = 0; ox < 4; ox++) {
                    double sum = 0;
                    int count = 0;
                    for (int y = 2 * oy; y < Math.min(5, 2 * oy + 2); y++) {
                        for (int x = 2 * ox; x < Math.min(7, 2 * ox + 2); x++) {
                            sum += img.get(c, y, x);
                            count++;
                        }
                    }
                    assertThat(out[c * 12 + oy * 4 + ox]).isEqualTo((float) (sum / count));
                }
            }
        }
    }

    @Test
    void pullBackIsTheAdjointOfApply() {
        Preprocessing p = area(20);
        int w = 11;
        int h = 9;
        long[] shape = p.inputShape(2, w, h);
        assertThat(shape).containsExactly(2, 3, 3, 4); // k = 3
        float[] x = OpCheck.random(2L * 3 * w * h, 4, 0f, 1f);
        float[] g = OpCheck.random(2L * 3 * 3 * 4, 5, -1f, 1f);
        float[] ax = p.apply(ImageBatch.wrap(2, w, h, x));
        float[] a0 = p.apply(ImageBatch.wrap(2, w, h, new float[x.length])); // the affine offset
        float[] atg = p.pullBack(g, 2, w, h);
        double lhs = 0;
        for (int i = 0; i < g.length; i++) {
            lhs += ((double) ax[i] - a0[i]) * g[i];
        }
        double rhs = 0;
        for (int i = 0; i < x.length; i++) {
            rhs += (double) x[i] * atg[i];
        }
        assertThat(rhs).isCloseTo(lhs, offset(1e-5 * Math.abs(lhs)));
    }

    @Test
    void theRuleNeedsAPositiveLimitAndTheTwoSidedShape() {
        assertThatThrownBy(() -> Preprocessing.builder().resize(Preprocessing.ResizeRule.AREA_WITHIN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPixels must be > 0");
        assertThatThrownBy(() -> area(10).inputWidth(7)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inputShape");
    }
}
