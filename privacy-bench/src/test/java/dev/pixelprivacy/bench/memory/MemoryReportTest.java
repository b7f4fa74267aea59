package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReportTest {
    private static List<MemoryReport.Sample> samples(double perImageMiB) {
        List<MemoryReport.Sample> s = new ArrayList<>();
        s.add(new MemoryReport.Sample(0, 300));
        s.add(new MemoryReport.Sample(100, 450)); // warm-up: JIT, first allocations
        for (int n = 200; n <= 1000; n += 100) {
            s.add(new MemoryReport.Sample(n, 480 + perImageMiB * n));
        }
        return s;
    }

    @Test
    void growthIsFittedAfterTheWarmUpOnly() {
        assertThat(MemoryReport.growthPer1000(samples(0.0031), 200)).isCloseTo(3.1, within(1e-9));
        assertThat(MemoryReport.growthPer1000(samples(0), 200)).isCloseTo(0, within(1e-9));
        assertThat(MemoryReport.growthPer1000(samples(0), 0)).as("with the warm-up the fit sees growth")
                .isGreaterThan(50);
    }

    @Test
    void growthNeedsTwoSamplesAfterTheWarmUp() {
        assertThatThrownBy(() -> MemoryReport.growthPer1000(samples(0), 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 1 of 11");
    }

    @Test
    void writesTheAgreedJsonFormat() {
        MemoryReport r = new MemoryReport("OMP_WAIT_POLICY=PASSIVE java -Xmx1g -jar 'my dir/pixel-privacy.jar' \"q\"",
                "demo\tCNN", 200, 812.34, List.of(new MemoryReport.Sample(0, 500.06), new MemoryReport.Sample(100, 700.2),
                new MemoryReport.Sample(200, 701.25)), 3.14159);
        assertThat(r.toJson()).isEqualTo("""
                {"command": "OMP_WAIT_POLICY=PASSIVE java -Xmx1g -jar 'my dir/pixel-privacy.jar' \\"q\\"",
                 "model": "demo\\tCNN",
                 "images": 200,
                 "peakRssMiB": 812.3,
                 "samples": [{"images": 0, "rssMiB": 500.1},
                   {"images": 100, "rssMiB": 700.2},
                   {"images": 200, "rssMiB": 701.3}],
                 "growthMiBPer1000Images": 3.1}
                """);
    }

    @Test
    void aNumberJsonCannotHoldIsRefused() {
        MemoryReport r = new MemoryReport("c", "m", 1, Double.NaN, List.of(), 0);
        assertThatThrownBy(r::toJson).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
