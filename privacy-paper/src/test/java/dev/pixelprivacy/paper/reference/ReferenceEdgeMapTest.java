package dev.pixelprivacy.paper.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.TestImages;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.SalientDefenceMap;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import org.junit.jupiter.api.Test;

/** The reference code's edge map and the Salient Defence map built on it. */
class ReferenceEdgeMapTest {
    private static final int[][] PIXELS = {{0, 0}, {5, 3}, {9, 11}, {9, 12}, {17, 23}, {3, 20}};


    @Test
    void referenceEdgeMapMatchesTheAuthorsCode() {
        // Golden values: the authors' salient_defence.py lines run with scipy 1.17.1 on the float32
        // ImageNet-normalised tensor of this image: dx = ndimage.sobel(t, 0), dy = ndimage.sobel(t, 1),
        // mag = hypot; mag *= 255 / max; gaussian_filter(mag, 10); transpose; dot [0.2989, 0.5870, 0.1140];
        // min-max. Tolerance 1e-5 for float32 rounding orders. Note how the channel derivative makes the
        // flat right half look "edgy": the quirk this variant exists to reproduce.
        Mask e = ReferenceEdgeMap.compute(TestImages.edgeMapGolden(), Parallelism.sequential());
        double[] expected = {0.002749, 0.051074, 0.461594, 0.527017, 1.0, 0.943749};
        for (int i = 0; i < PIXELS.length; i++) {
            assertThat((double) e.get(PIXELS[i][0], PIXELS[i][1])).isCloseTo(expected[i], within(1e-5));
        }
        assertThat(e.mean()).isCloseTo(0.496734, within(1e-5));
        assertThat(positives(EdgeMap.textureGate(e))).isEqualTo(216);
    }

    @Test
    void multiThreadedEqualsSingleThreadedBitForBit() {
        RgbImage img = TestImages.noiseLeftFlatRight(301, 203, 43);
        try (Parallelism two = Parallelism.threads(2)) {
            assertThat(ReferenceEdgeMap.compute(img, two)).isEqualTo(ReferenceEdgeMap.compute(img, Parallelism.sequential()));
        }
    }

    @Test
    void theProviderIsFoundByNameAndBuildsTheReferenceSalientDefenceMap() {
        RgbImage img = TestImages.noiseLeftFlatRight(96, 64, 44);
        Mask viaRegistry = MaskRegistry.load().create(ReferenceSalientDefenceMaskProvider.NAME).compute(img);
        Mask expected = SalientDefenceMap.combine(SpectralResidualSaliency.builder().build().saliency(img).inverted(),
                ReferenceEdgeMap.compute(img, Parallelism.sequential()));
        assertThat(viaRegistry).isEqualTo(expected);
        for (float v : viaRegistry.data()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    private static int positives(Mask m) {
        int n = 0;
        for (float v : m.data()) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }
}
