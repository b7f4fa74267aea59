package dev.pixelprivacy.filters.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskRegistry;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.SalientDefenceMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskProvidersTest {
    private static RgbImage image(long seed) {
        Random rnd = new Random(seed);
        int w = 96;
        int h = 64;
        float[] d = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    d[(c * h + y) * w + x] = x < w / 2 ? rnd.nextFloat() : 0.3f + 0.1f * c;
                }
            }
        }
        return RgbImage.of(w, h, d);
    }

    @Test
    void serviceLoaderFindsTheThreeProviders() {
        MaskRegistry registry = MaskRegistry.load();
        assertThat(registry.names()).contains("edges", "salient-defence", "inverse-saliency");
        assertThat(registry.skipped()).isEmpty();
    }

    @Test
    void salientDefenceUsesAGivenSaliencyModel() {
        RgbImage img = image(71);
        SaliencyModel topSalient = im -> {
            float[] s = new float[im.pixelCount()];
            for (int i = 0; i < s.length / 2; i++) {
                s[i] = 1f;
            }
            return Mask.of(im.width(), im.height(), s);
        };
        Mask m = MaskRegistry.load().create("salient-defence", MaskOptions.of(Map.of("saliency", topSalient)))
                .compute(img);
        Mask expected = SalientDefenceMap.combine(topSalient.saliency(img).inverted(), EdgeMap.paper().compute(img));
        assertThat(m).isEqualTo(expected);
        assertThat(m.get(5, 5)).isZero(); // salient top half
    }

    @Test
    void defaultMasksAreInTheUnitRangeAndTheImageSize() {
        RgbImage img = image(72);
        for (String name : new String[] {"edges", "salient-defence", "inverse-saliency"}) {
            Mask m = MaskRegistry.load().create(name).compute(img);
            assertThat(m.width()).isEqualTo(96);
            assertThat(m.height()).isEqualTo(64);
            for (float v : m.data()) {
                assertThat(v).as(name).isBetween(0f, 1f);
            }
        }
        Mask edges = MaskRegistry.load().create("edges").compute(img);
        assertThat(edges.get(30, 95)).isZero(); // far inside the flat half
    }

    @Test
    void twoThreadsGiveTheSameMaskAsOne() {
        RgbImage img = image(73);
        MaskRegistry r = MaskRegistry.load();
        assertThat(r.create("salient-defence", MaskOptions.parse("threads=2")).compute(img))
                .isEqualTo(r.create("salient-defence", MaskOptions.parse("threads=1")).compute(img));
    }

    @Test
    void badOptionsAreRefusedWithTheirValues() {
        MaskRegistry r = MaskRegistry.load();
        assertThatThrownBy(() -> r.create("edges", MaskOptions.parse("sigma=-1")))
                .hasMessageContaining("sigma").hasMessageContaining("-1");
        assertThatThrownBy(() -> r.create("edges", MaskOptions.parse("blur=slow")))
                .hasMessage("mask option blur must be one of [exact, fast, auto] but was 'slow'");
        assertThatThrownBy(() -> r.create("edges", MaskOptions.parse("threads=1.5")))
                .hasMessage("mask option threads must be an integer but was 1.5");
        assertThatThrownBy(() -> r.create("inverse-saliency", MaskOptions.parse("saliency-size=100")))
                .hasMessageContaining("100");
        assertThatThrownBy(() -> r.create("salient-defence", MaskOptions.of(Map.of("saliency", "salgan"))))
                .hasMessageContaining("must be a dev.pixelprivacy.core.model.SaliencyModel");
        assertThatThrownBy(() -> r.create("edges", MaskOptions.parse("radius=3")))
                .hasMessageContaining("has no option 'radius'");
    }

    @Test
    void masksMadeByProvidersShareOnePoolPerThreadCount() {
        RgbImage img = image(74);
        MaskRegistry registry = MaskRegistry.load();
        registry.create("salient-defence", MaskOptions.of(Map.of("threads", "3"))).compute(img);
        long before = filterThreads();
        for (int i = 0; i < 20; i++) {
            registry.create("salient-defence", MaskOptions.of(Map.of("threads", "3"))).compute(img);
            registry.create("edges", MaskOptions.of(Map.of("threads", "3"))).compute(img);
        }
        assertThat(filterThreads()).isEqualTo(before);
    }

    private static long filterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pixel-privacy-filters-")).count();
    }
}
