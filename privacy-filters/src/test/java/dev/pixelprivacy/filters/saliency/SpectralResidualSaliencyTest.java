package dev.pixelprivacy.filters.saliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class SpectralResidualSaliencyTest {
    @Test
    void aSmallDistinctObjectOnAUniformBackgroundIsTheMostSalientRegion() {
        int w = 256;
        int h = 192;
        float[] d = new float[3 * w * h];
        java.util.Arrays.fill(d, 0.5f);
        int oy = 120;
        int ox = 60;
        for (int y = oy; y < oy + 16; y++) {
            for (int x = ox; x < ox + 16; x++) {
                d[y * w + x] = 0.95f;
                d[w * h + y * w + x] = 0.1f;
                d[2 * w * h + y * w + x] = 0.1f;
            }
        }
        Mask s = SpectralResidualSaliency.standard().saliency(RgbImage.of(w, h, d));
        assertThat(s.width()).isEqualTo(w);
        assertThat(s.height()).isEqualTo(h);
        double inside = 0;
        double outside = 0;
        int nIn = 0;
        int best = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = s.get(y, x);
                boolean in = y >= oy - 8 && y < oy + 24 && x >= ox - 8 && x < ox + 24;
                if (in) {
                    inside += v;
                    nIn++;
                } else {
                    outside += v;
                }
                if (v > s.data()[best]) {
                    best = y * w + x;
                }
            }
        }
        inside /= nIn;
        outside /= (w * h - nIn);
        assertThat(inside).isGreaterThan(5 * outside);
        int by = best / w;
        int bx = best % w;
        assertThat(by).isBetween(oy - 8, oy + 24);
        assertThat(bx).isBetween(ox - 8, ox + 24);
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> SpectralResidualSaliency.builder().size(100).build())
                .hasMessage("spectral residual size must be a power of two in [16, 1024] but was 100");
        assertThatThrownBy(() -> SpectralResidualSaliency.builder().sigma(0).build()).hasMessageContaining("0.0");
    }
}
