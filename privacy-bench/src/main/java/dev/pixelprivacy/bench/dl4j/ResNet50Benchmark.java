package dev.pixelprivacy.bench.dl4j;

import dev.pixelprivacy.dl4j.onnx.Objective;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.onnx.OnnxNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ResNet-50 (torchvision layout, 365 classes, seeded random weights, BatchNorm after every
 * convolution) built as ONNX by {@link ResNet50Onnx}, written to a temporary file and loaded through
 * {@link OnnxModel#load} as a user's model would be. Measures the forward pass and one FGSM step
 * (forward, input gradient of the mean softmax cross-entropy, {@code clamp(x + eps * sign(g), 0, 1)}),
 * the same work as {@code torch_fgsm_anchor.py}: inputs uniform in [0, 1), random labels.
 *
 * <p>The backend is whatever nd4j-native classifier is on the class path (privacy-bench uses the
 * parent pom's {@code nd4j.backend.classifier}, linux-x86_64-onednn-avx2, or linux-x86_64-onednn-avx512
 * with the Maven profile {@code avx512}).
 *
 * <p>Memory: a network keeps a pool of native buffers that holds the arrays one call has live at once
 * (see {@code OnnxNetwork}: a buffer goes back to the pool when no later op of the call reads it), so a
 * gradient network's resident size is that of one forward and backward pass and stays flat from the
 * second call on. Batch-32 FGSM steps at 256x256 peak at 3.5 GB resident over two calls against
 * 4.1 GB for PyTorch's anchor, measured in one run by {@code dev.pixelprivacy.bench.memory.GradientMemoryRun}
 * (2026-12-01; 5.8 GB before the backward ops read fewer activations, 13.1 GB while every array of a
 * call was kept to its end). ND4J
 * 1.0.0-M2.1 allocates its arrays natively, outside JavaCPP's {@code totalBytes} (so
 * {@code org.bytedeco.javacpp.maxbytes} does not bound them); the bound that applies is
 * {@code maxphysicalbytes}, JavaCPP's cap on the whole process's resident size, checked at every
 * pointer allocation (ND4J makes one per array), by default 4 x -Xmx: 16 GB here, well above
 * that peak. The fork sets it to 20 GB (room for the 13 GB of the earlier pool), still inside a 24 GB machine, and a
 * process that ever grew past it would stop with an {@code OutOfMemoryError} naming both numbers
 * rather than meet the kernel's OOM killer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=20g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class ResNet50Benchmark {
    /** Images per call (the suite's Markdown turns ms/op into FGSM steps/s and images/s with it). */
    @Param({"1", "8", "32"})
    public int batch;

    /** Input height and width (256 as the threat model; a smaller value for a CI smoke run). */
    @Param({"256"})
    public int size;

    /** Output classes. */
    @Param({"365"})
    public int classes;

    private static final float EPS = 0.01f;

    private OnnxNetwork forward;
    private OnnxNetwork gradient;
    private float[] x;
    private float[] labels;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = Files.createTempFile("resnet50-", ".onnx");
        try {
            ResNet50Onnx.write(file, classes, 2024);
            OnnxModel model = OnnxModel.load(file);
            long[] shape = model.inputShapeFor(batch, size, size);
            forward = model.network(shape, null);
            gradient = model.network(shape, Objective.SOFTMAX_CROSS_ENTROPY);
        } finally {
            Files.deleteIfExists(file);
        }
        SplittableRandom r = new SplittableRandom(7);
        x = new float[forward.inputLength()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        // cross_entropy with reduction 'mean': one-hot rows scaled by 1 / batch
        labels = new float[forward.outputLength()];
        for (int b = 0; b < batch; b++) {
            labels[b * classes + r.nextInt(classes)] = 1f / batch;
        }
    }

    /** @return the logits */
    @Benchmark
    public float[] forward() {
        return forward.output(x);
    }

    /** @return the adversarial image of one FGSM step */
    @Benchmark
    public float[] fgsmStep() {
        float[] g = gradient.gradient(x, labels).inputGradient();
        float[] adv = new float[x.length];
        for (int i = 0; i < adv.length; i++) {
            adv[i] = Math.min(1f, Math.max(0f, x[i] + EPS * Math.signum(g[i])));
        }
        return adv;
    }
}
