package com.example.masks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import org.junit.jupiter.api.Test;

class BorderMaskProviderTest {

    @Test
    void isFoundByNameThroughServiceLoader() {
        assertThat(MaskRegistry.load().names()).contains("border", "uniform");
    }

    @Test
    void edgesAreFullStrengthAndTheCentreIsUntouched() {
        Mask m = MaskRegistry.load().create("border", MaskOptions.parse("width=0.25,softness=0"))
                .compute(RgbImage.filled(40, 20, 0f, 0f, 0f));
        // frame = 0.25 * 20 = 5 pixels
        assertThat(m.get(0, 0)).isEqualTo(1f);
        assertThat(m.get(10, 4)).isEqualTo(1f);
        assertThat(m.get(10, 5)).isEqualTo(0f);
        assertThat(m.get(10, 20)).isEqualTo(0f);
        assertThat(m.get(19, 39)).isEqualTo(1f);
    }

    @Test
    void strengthFadesAcrossTheSoftPart() {
        Mask m = MaskRegistry.load().create("border", MaskOptions.parse("width=0.5,softness=1"))
                .compute(RgbImage.filled(20, 20, 0f, 0f, 0f));
        // frame = 10 pixels, all of it soft: strength (10 - d) / 10 at distance d from the edge
        assertThat(m.get(10, 0)).isEqualTo(0.95f);
        assertThat(m.get(10, 5)).isEqualTo(0.45f);
    }

    @Test
    void outOfRangeOptionsAreRefused() {
        assertThatThrownBy(() -> MaskRegistry.load().create("border", MaskOptions.parse("width=0")))
                .hasMessageContaining("width").hasMessageContaining("0");
        assertThatThrownBy(() -> MaskRegistry.load().create("border", MaskOptions.parse("softness=2")))
                .hasMessageContaining("softness");
    }
}
