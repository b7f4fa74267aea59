package dev.pixelprivacy.dl4j.onnx;

import dev.pixelprivacy.dl4j.testing.Fixtures;
import java.io.IOException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child JVM of {@link NativeHeapTest}: imports networks, runs them, closes them every other round,
 * drops them and makes the garbage collector free their native buffers, round after round, then
 * leaves garbage for ND4J's deallocator
 * threads to free while the JVM exits. Prints {@code native-heap <key> <value>} lines for the test.
 */
public final class NativeHeapLoop {
    private NativeHeapLoop() {}

    /**
     * @param args rounds, calls per round and network
     * @throws IOException if the fixture cannot be read
     */
    public static void main(String[] args) throws IOException {
        int rounds = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        OnnxModel tiny = OnnxModel.load(Fixtures.onnxDir().resolve("tinynet.onnx"));
        boolean pooled = true;
        double sum = 0;
        for (int round = 0; round < rounds; round++) {
            OnnxNetwork[] nets = {MemoryTest.smallClassifier(),
                    tiny.network(new long[] {2, 3, 32, 32}, Objective.SOFTMAX_CROSS_ENTROPY)};
            for (OnnxNetwork net : nets) {
                float[] w = new float[net.outputLength()];
                for (int i = 0; i < calls; i++) {
                    float[] x = MemoryTest.input(round * 1000L + i);
                    w[i % w.length] = 1;
                    sum += net.gradient(x, w).objective();
                    sum += net.output(x)[0];
                    w[i % w.length] = 0;
                }
                pooled &= net.sessionsUseCallPool();
                if (round % 2 == 1) {
                    // every other round frees the native memory at once; the collector then finds closed buffers
                    net.close();
                }
            }
            nets = null;
            System.gc();
        }
        for (int i = 0; i < 500; i++) {
            Nd4j.create(DataType.FLOAT, 16, 1024);
        }
        System.gc();
        System.out.println("native-heap sessions-use-call-pool " + pooled);
        System.out.println("native-heap finite " + Double.isFinite(sum));
        System.out.println("native-heap rounds " + rounds);
    }
}
