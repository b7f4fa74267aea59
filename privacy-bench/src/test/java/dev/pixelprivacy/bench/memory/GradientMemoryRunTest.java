package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradientMemoryRunTest {
    private static ChildRun child(int exit, long sampledKiB, String... lines) {
        return new ChildRun(List.of(lines), List.of(), sampledKiB, 1.0, exit, "cmd");
    }

    @Test
    void settingsDefaultToBatch32At256AndRefuseBadValuesNamingThem() {
        GradientMemoryRun.Settings s = GradientMemoryRun.Settings.parse();
        assertThat(s.batch()).isEqualTo(32);
        assertThat(s.size()).isEqualTo(256);
        assertThat(s.calls()).isEqualTo(2);
        assertThat(GradientMemoryRun.Settings.parse("--batch", "8", "--rounds", "3").rounds()).isEqualTo(3);
        assertThatThrownBy(() -> GradientMemoryRun.Settings.parse("--batch", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--batch").hasMessageContaining("0");
        assertThatThrownBy(() -> GradientMemoryRun.Settings.parse("--calls", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> GradientMemoryRun.Settings.parse("--heap", "4g"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--heap");
    }

    @Test
    void stagesGiveTheBaselineTheCallTimesAndThePeakOfSampledAndPrinted() {
        GradientMemoryRun.Result r = GradientMemoryRun.parse("ours", 1, child(0, 3_000_000,
                "ChildRun: something", "stage before-first-call 1048576 1100000 0",
                "stage after-call-1 4000000 4194304 1500", "stage after-call-2 4000000 4194304 1400"), 2);
        assertThat(r.beforeFirstCallMiB()).isEqualTo(1024.0);
        assertThat(r.peakRssMiB()).as("the printed VmHWM is above the sampled peak").isEqualTo(4096.0);
        assertThat(r.callMs()).containsExactly(1500.0, 1400.0);
        GradientMemoryRun.Result sampled = GradientMemoryRun.parse("pytorch", 1, child(0, 5_242_880,
                "stage before-first-call 1024 1024 0", "stage after-call-1 2048 2048 10"), 1);
        assertThat(sampled.peakRssMiB()).isEqualTo(5120.0);
        assertThat(GradientMemoryRun.ratio(List.of(r, sampled))).isEqualTo(4096.0 / 5120.0);
    }

    @Test
    void aChildThatFailedOrStoppedEarlyFailsTheRunWithItsOutput() {
        assertThatThrownBy(() -> GradientMemoryRun.parse("ours", 1, child(0, 1,
                "stage before-first-call 1024 1024 0", "stage after-call-1 2048 2048 10"), 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after 1 of 2 calls")
                .hasMessageContaining("stage after-call-1");
        assertThatThrownBy(() -> GradientMemoryRun.parse("pytorch", 1, child(1, 1, "Traceback: no torch"), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with 1")
                .hasMessageContaining("no torch");
    }
}
