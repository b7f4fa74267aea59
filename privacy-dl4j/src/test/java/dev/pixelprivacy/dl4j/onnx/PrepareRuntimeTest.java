package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.testing.OpCheck;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ND4J's initialisation on a thread of its own, racing the caller's first network. */
class PrepareRuntimeTest {

    @Test
    void aGradientNetworkBuiltWhileTheRuntimeInitialisesEqualsOneBuiltAfter() throws Exception {
        CompletableFuture<Void> first = OnnxModel.prepareRuntime().toCompletableFuture();
        // built at once, racing the initialisation thread for ND4J's classes
        OnnxNetwork during = MemoryTest.smallClassifier();
        first.get(5, TimeUnit.MINUTES);
        CompletableFuture<Void> second = OnnxModel.prepareRuntime().toCompletableFuture();
        assertThat(second).as("the one initialisation of the process, already done").isCompleted();
        assertThat(second.isCompletedExceptionally()).isFalse();
        OnnxNetwork after = MemoryTest.smallClassifier();
        float[] x = OpCheck.random(during.inputLength(), 7, 0, 1);
        float[] w = new float[during.outputLength()];
        w[1] = 1;
        OnnxNetwork.Evaluation a = during.gradient(x, w);
        OnnxNetwork.Evaluation b = after.gradient(x, w);
        assertThat(a.output()).containsExactly(b.output());
        assertThat(a.inputGradient()).containsExactly(b.inputGradient());
        during.close();
        after.close();
    }
}
