package dev.pixelprivacy.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    /** An excerpt of a real /proc/<pid>/status of a JVM (Linux 6.x), tabs as the kernel writes them. */
    private static final String JVM_STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t4242
            Pid:\t4242
            VmPeak:\t 9876543 kB
            VmSize:\t 9765432 kB
            VmLck:\t       0 kB
            VmPin:\t       0 kB
            VmHWM:\t  812345 kB
            VmRSS:\t  700123 kB
            RssAnon:\t  650000 kB
            RssFile:\t   50123 kB
            RssShmem:\t       0 kB
            Threads:\t31
            """;

    @Test
    void readsResidentSetAndHighWaterMarkInKiB() {
        ProcStatus st = ProcStatus.parse(JVM_STATUS);
        assertThat(st.rssKiB()).isEqualTo(700123);
        assertThat(st.hwmKiB()).isEqualTo(812345);
        assertThat(st.rssMiB()).isEqualTo(700123 / 1024.0);
        assertThat(st.hwmMiB()).isEqualTo(812345 / 1024.0);
    }

    @Test
    void anExitedProcessWithoutMemoryLinesIsAnErrorThatQuotesTheStatus() {
        String zombie = "Name:\tjava\nState:\tZ (zombie)\nThreads:\t1\n";
        assertThatThrownBy(() -> ProcStatus.parse(zombie)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no VmRSS and VmHWM").hasMessageContaining("Z (zombie)");
    }

    @Test
    void aLineInOtherUnitsIsRefusedWithTheLine() {
        String odd = JVM_STATUS.replace("700123 kB", "700123 MB");
        assertThatThrownBy(() -> ProcStatus.parse(odd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VmRSS:\t  700123 MB");
        String notANumber = JVM_STATUS.replace("812345 kB", "81x345 kB");
        assertThatThrownBy(() -> ProcStatus.parse(notANumber)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("81x345");
    }

    @Test
    void readsThisProcessAndNothingForAPidThatDoesNotExist() throws IOException {
        Optional<ProcStatus> self = ProcStatus.read(ProcessHandle.current().pid());
        assertThat(self).isPresent();
        assertThat(self.get().rssKiB()).as("a JVM's VmRSS in KiB").isGreaterThan(10_000);
        assertThat(self.get().hwmKiB()).isGreaterThanOrEqualTo(self.get().rssKiB());
        // pid_max is at most 2^22 on Linux, so this pid cannot exist.
        assertThat(ProcStatus.read(1L << 23)).isEmpty();
    }
}
