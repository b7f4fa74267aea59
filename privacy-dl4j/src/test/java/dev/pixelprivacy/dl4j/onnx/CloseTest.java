package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A closed network frees its native memory and refuses further calls, naming its model. */
class CloseTest {
    private static final long[] SHAPE = {2, 3, 32, 32};

    @Test
    void aCallAfterCloseIsAnIllegalStateNamingTheModel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("small.onnx");
        Files.write(file, MemoryTest.smallClassifierBytes());
        OnnxNetwork net = OnnxModel.load(file).network(SHAPE, Objective.SOFTMAX_CROSS_ENTROPY);
        float[] x = OpCheck.random(net.inputLength(), 1, 0, 1);
        float[] w = new float[net.outputLength()];
        w[3] = 1;
        net.gradient(x, w);
        net.close();
        assertThat(net.isClosed()).isTrue();
        assertThatThrownBy(() -> net.output(x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("closed");
        assertThatThrownBy(() -> net.gradient(x, w)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("closed");
    }

    @Test
    void closeFreesTheCallPoolAndTheWeights() {
        OnnxNetwork net = MemoryTest.smallClassifier();
        float[] x = OpCheck.random(net.inputLength(), 2, 0, 1);
        net.gradient(x, new float[net.outputLength()]);
        assertThat(net.pooledBytes()).isPositive();
        net.close();
        assertThat(net.pooledBytes()).isZero();
        assertThat(net.graphs()).allSatisfy(g -> {
            assertThat(g.getSessions()).isEmpty();
            assertThat(g.variables()).filteredOn(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.CONSTANT)
                    .isNotEmpty().allSatisfy(v -> assertThat(v.getArr().wasClosed()).as(v.name()).isTrue());
        });
    }

    @Test
    void closeIsIdempotentAndOtherNetworksOfTheModelStillRun() {
        OnnxModel m = OnnxModel.fromBytes(MemoryTest.smallClassifierBytes());
        OnnxNetwork a = m.network(SHAPE, null);
        OnnxNetwork b = m.network(SHAPE, null);
        float[] x = OpCheck.random(a.inputLength(), 3, 0, 1);
        float[] before = b.output(x);
        a.close();
        a.close();
        assertThat(b.output(x)).containsExactly(before);
        assertThatThrownBy(() -> a.output(x)).isInstanceOf(IllegalStateException.class).hasMessageContaining("<bytes>");
    }
}
