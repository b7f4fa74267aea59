package dev.pixelprivacy.bench.masks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.mask.MaskRegistry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class MaskThroughputBenchmarkTest {

    private static String[] providerParam() throws NoSuchFieldException {
        return MaskThroughputBenchmark.class.getField("provider").getAnnotation(Param.class).value();
    }

    @Test
    void providerParamListsExactlyTheRegisteredProviders() throws Exception {
        MaskRegistry registry = MaskRegistry.load();
        assertThat(registry.skipped()).isEmpty();
        assertThat(registry.names()).isNotEmpty();
        String[] listed = providerParam().clone();
        Arrays.sort(listed);
        assertThat(listed)
                .as("MaskThroughputBenchmark.provider's @Param must list every provider on the bench class path")
                .containsExactlyElementsOf(registry.names());
    }

    @Test
    void everyProviderComputesAMaskOfTheImageSizeWithTwoThreads() throws Exception {
        for (String name : providerParam()) {
            MaskThroughputBenchmark b = new MaskThroughputBenchmark();
            b.provider = name;
            b.size = "48x32";
            b.threads = 2;
            b.setUp();
            Mask m = b.compute();
            assertThat(m.width()).as(name).isEqualTo(48);
            assertThat(m.height()).as(name).isEqualTo(32);
            for (float v : m.data()) {
                assertThat(v).as(name).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void badSizeIsRefusedNamingTheValue() {
        MaskThroughputBenchmark b = new MaskThroughputBenchmark();
        b.provider = "uniform";
        b.size = "256by256";
        b.threads = 1;
        assertThatThrownBy(b::setUp).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'256by256'");
    }

    @Test
    void unknownProviderIsRefusedListingTheKnownOnes() {
        MaskThroughputBenchmark b = new MaskThroughputBenchmark();
        b.provider = "no-such-mask";
        b.size = "8x8";
        b.threads = 1;
        assertThatThrownBy(b::setUp).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-mask").hasMessageContaining("salient-defence");
    }
}
