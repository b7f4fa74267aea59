package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The intermittent native heap corruption seen with nd4j 1.0.0-M2.1 (glibc aborting with
 * {@code munmap_chunk(): invalid pointer} or {@code double free or corruption} while ND4J's deallocator
 * thread frees a garbage-collected buffer, often at the end of a run) does not occur in our usage.
 * Cause and evidence: {@code privacy-dl4j/NATIVE-CRASH.md}.
 *
 * <p>A JVM of its own ({@link NativeHeapLoop}) imports, runs (forward and input gradient) and drops
 * networks round after round with a small heap and a collection per round, so ND4J's deallocator
 * threads free every dropped native buffer while the next network runs, and it exits with garbage
 * still being freed. glibc's own consistency checks on {@code free} make detected heap corruption abort the
 * process ({@code munmap_chunk(): invalid pointer}, {@code double free or corruption}: exit value
 * 134), and {@code MALLOC_PERTURB_} fills freed memory so a read after free gives wrong numbers.
 * That test requires a clean exit, and that every SameDiff session of every network used the network's
 * call pool, whose memory manager never frees an array.
 *
 * <p>The corruption itself comes from a legacy reduction whose axes are a LONG array: libnd4j reads the
 * axes buffer as 32-bit integers and writes past the end of the output. The stock importer maps
 * GlobalAveragePool to {@code Mean} with axes from a LONG graph variable. The other two tests pin that
 * behaviour of nd4j 1.0.0-M2.1 and check that our graphs only ever give reductions constant INT axes.
 */
class NativeHeapTest {
    /**
     * nd4j 1.0.0-M2.1: a {@code Mean} over axes (2, 3) of a [2, 16, 32, 32] array, with its output placed
     * at the start of a larger zeroed buffer. With the axes as an INT array the result is right and
     * nothing is written past the output. With the same axes as a LONG array (what the stock importer
     * passes) the result is wrong and values are written past the output's end: on an array of its own,
     * that is a heap overflow. If an nd4j upgrade fixes this, this test says so.
     */
    @Test
    void nd4jReadsReductionAxesAsInt32AndOverflowsWithLongAxes() {
        for (DataType axesType : new DataType[] {DataType.INT, DataType.LONG}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, 16, 32, 32).addi(0.5);
            INDArray guarded = Nd4j.zeros(DataType.FLOAT, 4096);
            INDArray z = guarded.get(NDArrayIndex.interval(0, 32)).reshape('c', 2, 16, 1, 1);
            Mean mean = new Mean(x, z, true, 2, 3);
            mean.setDimensionz(Nd4j.createFromArray(2, 3).castTo(axesType));
            Nd4j.getExecutioner().exec(mean);
            long pastTheEnd = guarded.get(NDArrayIndex.interval(32, 4096)).neq(0).castTo(DataType.INT).sumNumber().longValue();
            boolean right = x.mean(true, 2, 3).equalsWithEps(z, 1e-5);
            if (axesType == DataType.INT) {
                assertThat(pastTheEnd).as("values written past the output with INT axes").isZero();
                assertThat(right).as("mean with INT axes").isTrue();
            } else {
                assertThat(pastTheEnd).as("values written past the output with LONG axes").isPositive();
                assertThat(right).as("mean with LONG axes").isFalse();
            }
        }
    }

    /** Every reduction in our graphs has constant INT axes, never LONG and never a graph variable. */
    @Test
    void ourReductionsHaveConstantInt32Axes() throws Exception {
        List<OnnxNetwork> nets = List.of(MemoryTest.smallClassifier(),
                OnnxModel.load(Fixtures.onnxDir().resolve("tinynet.onnx")).network(new long[] {2, 3, 32, 32}, Objective.WEIGHTED_SUM),
                OnnxModel.load(Fixtures.onnxDir().resolve("tinynet_unfolded.onnx")).network(new long[] {2, 3, 32, 32}, Objective.SOFTMAX_CROSS_ENTROPY),
                OnnxModel.load(Fixtures.onnxDir().resolve("nima_mobilenet_v2.onnx")).network(new long[] {1, 3, 224, 224}, Objective.EMD));
        int reductions = 0;
        for (OnnxNetwork net : nets) {
            for (SameDiff g : net.graphs()) {
                for (SameDiffOp op : g.getOps().values()) {
                    if (op.getOp() instanceof BaseReduceOp r) {
                        reductions++;
                        assertThat(op.getInputsToOp()).as("inputs of %s (axes must not be a graph variable)", op.getName()).hasSize(1);
                        if (r.dimensions() != null) {
                            assertThat(r.dimensions().dataType()).as("axes type of %s", op.getName()).isEqualTo(DataType.INT);
                        }
                    }
                }
            }
        }
        assertThat(reductions).as("reductions checked (GlobalAveragePool, softmax cross-entropy, EMD)").isGreaterThan(4);
    }

    @Test
    void importingRunningAndDroppingNetworksLeavesTheNativeHeapIntact() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m",
                "-Dpixelprivacy.shared=" + System.getProperty("pixelprivacy.shared"),
                "-cp", System.getProperty("java.class.path"), NativeHeapLoop.class.getName(), "6", "10");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
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
