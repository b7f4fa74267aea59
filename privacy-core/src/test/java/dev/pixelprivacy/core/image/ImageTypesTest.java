package dev.pixelprivacy.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageTypesTest {

    @Test
    void planarLayoutIsChannelRowColumn() {
        float[] d = new float[3 * 2 * 3];
        for (int i = 0; i < d.length; i++) {
            d[i] = i / 100f;
        }
        RgbImage img = RgbImage.of(3, 2, d);
        assertThat(img.get(0, 0, 0)).isEqualTo(0f);
        assertThat(img.get(0, 1, 2)).isEqualTo(0.05f);
        assertThat(img.get(2, 1, 1)).isEqualTo(0.16f);
    }

    @Test
    void valuesOutsideTheUnitRangeAndBadSizesAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> RgbImage.of(1, 1, new float[] {0f, 1.5f, 0f}))
                .hasMessageContaining("value 1 was 1.5");
        assertThatThrownBy(() -> RgbImage.of(1, 1, new float[] {0f, Float.NaN, 0f})).hasMessageContaining("NaN");
        assertThatThrownBy(() -> RgbImage.of(2, 2, new float[3])).hasMessageContaining("3 values but 12 were expected");
        assertThatThrownBy(() -> RgbImage.of(0, 5, new float[0])).hasMessageContaining("0x5");
        assertThatThrownBy(() -> Mask.of(2, 1, new float[] {-0.1f, 0f})).hasMessageContaining("-0.1");
    }

    @Test
    void clampedClampsButRefusesNaN() {
        RgbImage img = RgbImage.clamped(1, 1, new float[] {-1f, 0.5f, 2f});
        assertThat(img.data()).containsExactly(0f, 0.5f, 1f);
        assertThatThrownBy(() -> RgbImage.clamped(1, 1, new float[] {Float.NaN, 0f, 0f})).hasMessageContaining("NaN");
    }

    @Test
    void quantisationRoundsToNearestLevel() {
        RgbImage img = RgbImage.of(1, 1, new float[] {0.5f / 255f + 1e-4f, 0.49f / 255f, 254.6f / 255f});
        assertThat(img.quantised8Bit().data()).containsExactly(1 / 255f, 0f, 1f);
    }

    @Test
    void quantisingAnImageOnLevelsAlreadyGivesTheImageItself() {
        RgbImage q = RgbImage.of(2, 1, new float[] {0f, 1f, 3 / 255f, 200 / 255f, 0.5f, 1 / 255f}).quantised8Bit();
        assertThat(q.isOn8BitLevels()).isTrue();
        assertThat(q.quantised8Bit()).isSameAs(q);
        assertThat(RgbImage.filled(1, 1, 0.3f, 0.3f, 0.3f).isOn8BitLevels()).isFalse();
    }

    @Test
    void aUniformMaskHasItsValueEverywhereAndSaysSo() {
        Mask m = Mask.filled(3, 2, 0.25f);
        assertThat(m.isUniform()).isTrue();
        assertThat(m.uniformValue()).isEqualTo(0.25f);
        assertThat(m.data()).containsExactly(0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f);
        assertThat(m).isEqualTo(Mask.of(3, 2, new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f}));
        assertThat(m.inverted().uniformValue()).isEqualTo(0.75f);
        assertThat(Mask.of(1, 1, new float[] {1f}).isUniform()).isFalse();
        assertThatThrownBy(() -> Mask.filled(1, 1, 1.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }

    @Test
    void aBatchOfOneSharesTheImagesSamples() {
        RgbImage img = RgbImage.filled(3, 2, 0.1f, 0.2f, 0.3f);
        ImageBatch b = ImageBatch.of(img);
        assertThat(b.data()).isSameAs(img.data());
        assertThat(b.image(0)).isEqualTo(img);
    }

    @Test
    void batchKeepsImagesInOrderAndRefusesMixedSizes() {
        RgbImage a = RgbImage.filled(2, 2, 0.1f, 0.2f, 0.3f);
        RgbImage b = RgbImage.filled(2, 2, 0.4f, 0.5f, 0.6f);
        ImageBatch batch = ImageBatch.of(a, b);
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.image(1)).isEqualTo(b);
        assertThat(batch.images()).containsExactly(a, b);
        assertThat(batch.data()[12]).isEqualTo(0.4f);
        assertThatThrownBy(() -> ImageBatch.of(a, RgbImage.filled(3, 2, 0f, 0f, 0f)))
                .hasMessageContaining("batch image 1 is 3x2 but image 0 is 2x2");
        assertThatThrownBy(() -> ImageBatch.of(List.of())).hasMessageContaining("at least one image");
    }

    @Test
    void minMaxNormalisationMapsTheRangeOntoTheUnitInterval() {
        Mask m = Mask.minMaxNormalised(2, 2, new float[] {2f, 4f, 6f, 3f});
        assertThat(m.data()).containsExactly(0f, 0.5f, 1f, 0.25f);
        assertThat(Mask.minMaxNormalised(2, 1, new float[] {3f, 3f}).data()).containsExactly(0f, 0f);
        assertThat(m.inverted().data()).containsExactly(1f, 0.5f, 0f, 0.75f);
    }

    @Test
    void gradientRefusesNonFiniteValues() {
        assertThatThrownBy(() -> ImageGradient.wrap(1, 1, 1, new float[] {0f, Float.POSITIVE_INFINITY, 0f}))
                .hasMessageContaining("gradient value 1 is not finite");
    }
}
