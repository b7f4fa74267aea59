package dev.pixelprivacy.dl4j.onnx;

import static dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder.attr;
import static dev.pixelprivacy.dl4j.testing.Weights.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory stays flat over thousands of calls on one network, and reusing buffers across calls does not
 * change results.
 *
 * <p>nd4j 1.0.0-M2.1 frees a native buffer only when the garbage collector finds its Java object, and
 * those objects are small, so a buffer allocated per call shows as growth of resident memory (VmRSS),
 * not of the Java heap. Before networks lent their arrays from a per-call pool, each gradient call of
 * the net below left about 580 kB of native arrays (37 arrays) to the collector; in the loop below
 * VmRSS then grew by 97 MB over 2000 calls (3000 calls in a default JVM: 216 MB). With the pool it
 * grows by about 7 MB (small native objects per call, shape descriptors and op argument pointers, are
 * still left to the collector), so the bound is 40 MB.
 *
 * <p>The loop runs in a JVM of its own ({@link MemoryLoop}) whose Java heap is fixed and touched at
 * start ({@code -Xms=-Xmx}, {@code AlwaysPreTouch}): then VmRSS growth is native memory only, whatever
 * the rest of the suite did to this JVM's heap. Its environment sets {@code OMP_WAIT_POLICY=PASSIVE}:
 * on an oversubscribed machine OpenMP's spinning waits made each call 10 to 30 times slower.
 */
class MemoryTest {
    static OnnxNetwork smallClassifier() {
        return OnnxModel.fromBytes(smallClassifierBytes()).network(new long[] {2, 3, 32, 32}, Objective.SOFTMAX_CROSS_ENTROPY);
    }

    /** Conv 3->16 + Relu + GlobalAveragePool + Flatten + Gemm 16->10, input [2, 3, 32, 32]. */
    static byte[] smallClassifierBytes() {
        Random r = new Random(3);
        return new OnnxModelBuilder(13).input("x", 2, 3, 32, 32)
                .initializer("w", uniform(r, -1, 1, 16, 3, 3, 3), 16, 3, 3, 3).initializer("fc", uniform(r, -1, 1, 10, 16), 10, 16)
                .node("Conv", new String[] {"x", "w"}, "c", attr("pads", 1L, 1, 1, 1))
                .node("Relu", new String[] {"c"}, "a").node("GlobalAveragePool", new String[] {"a"}, "g")
                .node("Flatten", new String[] {"g"}, "f").node("Gemm", new String[] {"f", "fc"}, "y", attr("transB", 1L))
                .output("y").toBytes();
    }

    static float[] input(long seed) {
        return OpCheck.random(2 * 3 * 32 * 32, seed, 0, 1);
    }

    /** @return one-hot rows for a batch of two, classes a and b of 10 */
    static float[] labels(int a, int b) {
        float[] w = new float[20];
        w[a] = 1;
        w[10 + b % 10] = 1;
        return w;
    }

    @Test
    void residentMemoryIsFlatOverThousandsOfGradientCalls() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"), MemoryLoop.class.getName(), "200", "2000");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Map<String, Long> values = new HashMap<>();
        boolean sameResults = false;
        StringBuilder log = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("memory-loop ")) {
                    String[] kv = line.substring("memory-loop ".length()).split(" ");
                    if (kv[0].equals("same-results")) {
                        sameResults = Boolean.parseBoolean(kv[1]);
                    } else {
                        values.put(kv[0], Long.parseLong(kv[1]));
                    }
                } else if (!line.startsWith("Added differentiated op")) {
                    log.append(line).append('\n');
                }
            }
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the loop finished").isTrue();
        assertThat(p.exitValue()).as("exit value of the loop JVM; its output:\n%s", log).isZero();
        assertThat(values).containsKeys("rss-after-warm-up", "rss-end", "pool-after-warm-up", "pool-end");
        assertThat(sameResults).as("the 2200th call's output and gradient equal the first's").isTrue();
        assertThat(values.get("pool-end")).as("native bytes in the network's call pool").isEqualTo(values.get("pool-after-warm-up"));
        long growth = values.get("rss-end") - values.get("rss-after-warm-up");
        assertThat(growth).as("VmRSS growth over 2000 gradient calls after 200 of warm-up, in bytes").isLessThan(40L << 20);
    }

    @Test
    void theCallPoolStopsGrowingAfterTheFirstCalls() {
        OnnxNetwork net = smallClassifier();
        float[] x = input(1);
        float[] w = labels(3, 7);
        net.gradient(x, w);
        net.output(x);
        long pool = net.pooledBytes();
        assertThat(pool).isPositive();
        for (int i = 0; i < 10; i++) {
            net.gradient(input(i), w);
            net.output(input(i + 100));
        }
        assertThat(net.pooledBytes()).isEqualTo(pool);
    }

    @Test
    void forwardAndGradientCallsReuseBuffersWithoutChangingResults() {
        OnnxNetwork net = smallClassifier();
        float[] x1 = input(1);
        float[] x2 = input(2);
        float[] w = labels(5, 1);
        float[] y1 = net.output(x1);
        OnnxNetwork.Evaluation g2 = net.gradient(x2, w);
        float[] y2 = net.output(x2);
        OnnxNetwork.Evaluation g1 = net.gradient(x1, w);
        for (int i = 0; i < 5; i++) {
            assertThat(net.output(x1)).containsExactly(y1);
            assertThat(net.gradient(x2, w).inputGradient()).containsExactly(g2.inputGradient());
            assertThat(net.output(x2)).containsExactly(y2);
            assertThat(net.gradient(x1, w).inputGradient()).containsExactly(g1.inputGradient());
        }
        assertThat(g1.output()).containsExactly(y1);
        assertThat(g2.output()).containsExactly(y2);
        assertThat(g1.inputGradient()).isNotEqualTo(g2.inputGradient());
    }

    @Test
    void aNetworkHandedToAnotherThreadGivesTheSameResults() throws Exception {
        OnnxNetwork net = smallClassifier();
        float[] x = input(4);
        float[] w = labels(1, 2);
        OnnxNetwork.Evaluation here = net.gradient(x, w);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            OnnxNetwork.Evaluation there = other.submit(() -> net.gradient(x, w)).get();
            assertThat(there.inputGradient()).containsExactly(here.inputGradient());
            assertThat(other.submit(() -> net.output(x)).get()).containsExactly(here.output());
        } finally {
            other.shutdown();
        }
        assertThat(net.gradient(x, w).inputGradient()).containsExactly(here.inputGradient());
    }
}
