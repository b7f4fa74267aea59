package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.core.protect.Protector;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import dev.pixelprivacy.filters.mask.SalientDefenceMask;
import org.junit.jupiter.api.Test;

/** The paper's pipelines assembled from privacy-filters parts in a core Protector. */
class ProtectorWithFiltersTest {
    private static final int N = 64;

    /** Saliency 1 in a centred square of side 32, 0 elsewhere. */
    private static final SaliencyModel CENTRE = image -> {
        float[] s = new float[image.width() * image.height()];
        for (int y = 16; y < 48; y++) {
            for (int x = 16; x < 48; x++) {
                s[y * image.width() + x] = 1f;
            }
        }
        return Mask.of(image.width(), image.height(), s);
    };

    @Test
    void resizeToTheProtocolSizeRunsFirst() {
        LinearSoftmaxModel model = LinearSoftmaxModel.random(3, N, N, 1);
        Protector p = Protector.builder(SignGradientAttack.fgsm(model, Epsilon.of255(2))).preprocess(Resize.toSize(N, N)).build();
        ProtectionResult r = p.protect(TestImages.random8Bit(2 * N, 3 * N / 2, 2));
        assertThat(r.output().width()).isEqualTo(N);
        assertThat(r.output().height()).isEqualTo(N);
        RgbImage same = TestImages.random8Bit(N, N, 3);
        assertThat(Resize.toSize(N, N).apply(same)).isSameAs(same);
    }

    @Test
    void tiltShiftChangesOnlyTheBackground() {
        LinearSoftmaxModel model = LinearSoftmaxModel.random(3, N, N, 4);
        RgbImage img = TestImages.random8Bit(N, N, 5);
        Protector p = Protector.builder(SignGradientAttack.fgsm(model, Epsilon.pixels(0)))
                .postFilter(SaliencyTiltShift.builder().build().postFilter(CENTRE, Parallelism.sequential()))
                .build();
        RgbImage out = p.protect(img).output();
        // The blend weight is blur_3(1 - S): zero more than its radius (12 px) inside the salient square.
        int plane = N * N;
        int changedOutside = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < N; y++) {
                for (int x = 0; x < N; x++) {
                    int k = c * plane + y * N + x;
                    boolean deepInside = x >= 28 && x < 36 && y >= 28 && y < 36;
                    boolean outside = x < 16 || x >= 48 || y < 16 || y >= 48;
                    if (deepInside) {
                        assertThat(out.data()[k]).as("(%d, %d, %d)", c, y, x).isEqualTo(img.data()[k]);
                    } else if (outside && out.data()[k] != img.data()[k]) {
                        changedOutside++;
                    }
                }
            }
        }
        assertThat(changedOutside).isGreaterThan(3 * (plane - 32 * 32) / 2);
    }

    @Test
    void salientDefencePerturbsNothingOnTheSalientSquare() {
        LinearSoftmaxModel model = LinearSoftmaxModel.random(3, N, N, 6);
        RgbImage img = TestImages.random8Bit(N, N, 7);
        Protector p = Protector.builder(SignGradientAttack.builder(model).epsilon(Epsilon.of255(4))
                .mask(SalientDefenceMask.salientDefence(EdgeMap.paper(), CENTRE, Parallelism.sequential()))
                .robustTo8Bit(true).build()).build();
        ProtectionResult r = p.protect(img);
        int plane = N * N;
        for (int c = 0; c < 3; c++) {
            for (int y = 16; y < 48; y++) {
                for (int x = 16; x < 48; x++) {
                    int k = c * plane + y * N + x;
                    assertThat(r.output().data()[k]).isEqualTo(img.data()[k]);
                }
            }
        }
        assertThat(r.attack().linf255()).isGreaterThan(0);
    }
}
