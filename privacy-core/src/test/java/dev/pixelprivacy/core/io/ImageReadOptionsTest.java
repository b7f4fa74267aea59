package dev.pixelprivacy.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReadOptionsTest {

    @Test
    void defaultsAreOneHundredMegapixelsAndAlphaDropped() {
        ImageReadOptions o = ImageReadOptions.defaults();
        assertThat(o.maxPixels()).isEqualTo(100_000_000L);
        assertThat(o.alpha()).isEqualTo(AlphaHandling.drop());
        assertThat(o.alpha().isComposite()).isFalse();
    }

    @Test
    void builderKeepsEverySetting() {
        ImageReadOptions o = ImageReadOptions.builder()
                .maxPixels(1234)
                .alpha(AlphaHandling.compositeOver(1f, 0.5f, 0f))
                .build();
        assertThat(o.maxPixels()).isEqualTo(1234);
        assertThat(o.alpha().isComposite()).isTrue();
        assertThat(o.alpha().backgroundRed()).isEqualTo(1f);
        assertThat(o.alpha().backgroundGreen()).isEqualTo(0.5f);
        assertThat(o.alpha().backgroundBlue()).isEqualTo(0f);
        assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
        assertThat(o).isNotEqualTo(ImageReadOptions.defaults());
    }

    @Test
    void toStringListsEverySetting() {
        ImageReadOptions o = ImageReadOptions.builder()
                .maxPixels(777)
                .alpha(AlphaHandling.compositeOver(1f, 0.25f, 0f))
                .build();
        assertThat(o.toString()).contains("maxPixels=777").contains("compositeOver=(1.0, 0.25, 0.0)");
        assertThat(ImageReadOptions.defaults().toString()).contains("maxPixels=100000000").contains("drop");
    }

    @Test
    void buildRefusesAPixelLimitOutOfRange() {
        assertThatThrownBy(() -> ImageReadOptions.builder().maxPixels(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPixels")
                .hasMessageContaining("but was 0");
        long tooMany = ImageReadOptions.LARGEST_MAX_PIXELS + 1;
        assertThatThrownBy(() -> ImageReadOptions.builder().maxPixels(tooMany).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was " + tooMany);
        assertThat(ImageReadOptions.builder().maxPixels(ImageReadOptions.LARGEST_MAX_PIXELS).build().maxPixels())
                .isEqualTo(ImageReadOptions.LARGEST_MAX_PIXELS);
    }

    @Test
    void buildRefusesNullAlphaHandling() {
        assertThatThrownBy(() -> ImageReadOptions.builder().alpha(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha");
    }

    @Test
    void backgroundOutsideUnitRangeIsRefusedWithItsValue() {
        assertThatThrownBy(() -> AlphaHandling.compositeOver(0f, 1.5f, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("green")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> AlphaHandling.compositeOver(Float.NaN, 0f, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("red")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> AlphaHandling.compositeOver(0f, 0f, -0.01f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blue");
    }
}
