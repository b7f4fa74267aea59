package dev.pixelprivacy.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class ImageEnhanceTest {
    private static final RgbImage PIXEL = RgbImage.of(1, 2, new float[] {0.8f, 0.2f, 0.4f, 0.6f, 0.1f, 0.3f});

    @Test
    void colourFactorZeroGivesTheLuminanceInEveryChannelAndOneGivesTheImage() {
        RgbImage grey = ImageEnhance.color(PIXEL, 0);
        double y0 = 0.299 * 0.8 + 0.587 * 0.4 + 0.114 * 0.1;
        for (int c = 0; c < 3; c++) {
            assertThat((double) grey.get(c, 0, 0)).isCloseTo(y0, within(1e-6));
        }
        assertThat(ImageEnhance.color(PIXEL, 1).data()).containsExactly(PIXEL.data());
    }

    @Test
    void colourAboveOnePushesChannelsAwayFromTheLuminanceAndClips() {
        RgbImage out = ImageEnhance.color(PIXEL, 2);
        double y0 = 0.299 * 0.8 + 0.587 * 0.4 + 0.114 * 0.1;
        assertThat((double) out.get(1, 0, 0)).isCloseTo(y0 + 2 * (0.4 - y0), within(1e-6));
        assertThat(out.get(0, 0, 0)).isEqualTo(1f); // 0.8 + (0.8 - y) > 1, clipped as PIL clips to 255
    }

    @Test
    void contrastBlendsWithTheMeanLuminance() {
        double y0 = 0.299 * 0.8 + 0.587 * 0.4 + 0.114 * 0.1;
        double y1 = 0.299 * 0.2 + 0.587 * 0.6 + 0.114 * 0.3;
        double mean = (y0 + y1) / 2;
        RgbImage flat = ImageEnhance.contrast(PIXEL, 0);
        for (float v : flat.data()) {
            assertThat((double) v).isCloseTo(mean, within(1e-6));
        }
        RgbImage half = ImageEnhance.contrast(PIXEL, 0.5);
        assertThat((double) half.get(2, 1, 0)).isCloseTo(mean + 0.5 * (0.3 - mean), within(1e-6));
    }

    @Test
    void negativeFactorsAreRefused() {
        assertThatThrownBy(() -> ImageEnhance.contrast(PIXEL, -0.5))
                .hasMessage("enhancement factor must be finite and >= 0 but was -0.5");
    }
}
