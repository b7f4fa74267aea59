package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The intermittent native heap corruption seen with nd4j 1.0.0-M2.1 (glibc aborting with
 * {@code munmap_chunk(): invalid pointer} or {@code double free or corruption} while ND4J's deallocator
 * thread frees a garbage-collected buffer, often at the end of a run) does not occur in our usage.
 * Cause and evidence: {@code privacy-dl4j/NATIVE-CRASH.md}.
 *
 * <p>A JVM of its own ({@link NativeHeapLoop}) imports, runs (forward and input gradient) and drops
 * networks round after round with a small heap and a collection per round, so ND4J's deallocator
 * threads free every dropped native buffer while the next network runs, and it exits with garbage
 * still being freed. glibc's {@code MALLOC_CHECK_=3} makes any detected heap corruption abort the
 * process, and {@code MALLOC_PERTURB_} fills freed memory so a read after free gives wrong numbers.
 * The test requires a clean exit, and that every SameDiff session of every network used the network's
 * call pool, whose memory manager never frees an array (the mechanism behind the corruption).
 */
class NativeHeapTest {
    @Test
    void importingRunningAndDroppingNetworksLeavesTheNativeHeapIntact() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m",
                "-Dpixelprivacy.shared=" + System.getProperty("pixelprivacy.shared"),
                "-cp", System.getProperty("java.class.path"), NativeHeapLoop.class.getName(), "6", "10");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("MALLOC_CHECK_", "3");
        pb.environment().put("MALLOC_PERTURB_", "165");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Map<String, String> values = new HashMap<>();
        StringBuilder log = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("native-heap ")) {
                    String[] kv = line.substring("native-heap ".length()).split(" ");
                    values.put(kv[0], kv[1]);
                } else if (!line.startsWith("Added differentiated op")) {
                    log.append(line).append('\n');
                }
            }
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the loop finished").isTrue();
        assertThat(p.exitValue()).as("exit value of the loop JVM (134 = glibc abort); its output:\n%s", log).isZero();
        assertThat(values).as("the loop's report; its output:\n%s", log)
                .containsEntry("rounds", "6").containsEntry("finite", "true")
                .containsEntry("sessions-use-call-pool", "true");
    }
}
