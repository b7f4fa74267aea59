package dev.pixelprivacy.bench.pipeline;

import dev.pixelprivacy.bench.dl4j.ResNet50Onnx;
import dev.pixelprivacy.bench.dl4j.SalGanOnnx;
import dev.pixelprivacy.bench.filters.BenchImages;
import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackObjective;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.ImageNetStatistics;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.model.SalGanSaliency;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.SalientDefenceMap;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
import dev.pixelprivacy.paper.PaperMethod;
import dev.pixelprivacy.paper.PaperMethods;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Salient Defence (METHOD.md section 2) on one image, part by part, through the library's public API
 * as a user would call it: where the time of protecting a photo goes. The image is a seeded textured
 * {@code size x size} image ({@link BenchImages}, 256x256 as the task's protocol); the threat model
 * is ResNet-50 ({@link ResNet50Onnx}, 365 classes) and the saliency network a SalGAN-style generator
 * ({@link SalGanOnnx}), both with seeded random weights, written to temporary files and loaded with
 * {@link OnnxModel#load} into {@link OnnxThreatModel} ({@link Preprocessing#imagenet256()}) and
 * {@link SalGanSaliency} ({@link Preprocessing#salgan()}, 192x256). The budget is the paper's
 * {@code Epsilon.imageNetNormalised(0.01)}, the true label the threat model's own prediction on the
 * clean image. Filters run single-threaded ({@link Parallelism#sequential()}, the default of
 * {@link PaperMethods}); ND4J uses its own OpenMP threads ({@code OMP_NUM_THREADS}).
 *
 * <p>Each part's input is the previous part's output, computed once in {@link #setUp()}, so every
 * part measures one stage on realistic data:
 *
 * <ul>
 *   <li>{@link #saliencyForward}: S from the SalGAN-style network (resize to 192x256, BGR, forward,
 *       min-max, bilinear resize back).
 *   <li>{@link #saliencySpectralResidual}: S from the weight-free default instead.
 *   <li>{@link #mask}: the Salient Defence map from S (edge map, flat-area gate, reverse saliency).
 *   <li>{@link #gradient}: the threat model's loss gradient (preprocessing, forward, backward, chain
 *       rule back to [0, 1] pixels).
 *   <li>{@link #step}: the masked FGSM step arithmetic.
 *   <li>{@link #round8Bit}: 8-bit rounding and the prediction on the rounded image.
 *   <li>{@link #whole} and {@link #wholeSpectralResidual}: {@link ImageProtection#protect} end to end.
 * </ul>
 *
 * <p>{@code whole} does the work of {@code saliencyForward + mask + gradient + step + round8Bit}
 * and a little more, so it should take about their sum: the attack also computes the L-infinity and
 * L2 distances of its result, rounds twice (once for the prediction, once for the result), copies the
 * image into batches, and the protector applies the output encoding once more and compares it with
 * the attack's image (equal, so it predicts no third time), together about a millisecond at 256x256.
 * Larger gaps are the machine's noise (a smoke run's single first calls show no such sum) or the
 * garbage collector freeing the native buffers of the previous calls.
 * {@code wholeSpectralResidual} is the same with {@code saliencySpectralResidual} in place of
 * {@code saliencyForward}.
 *
 * <p>Memory: each fork peaked at 2.7 to 3.0 GB resident (both networks, batch 1), well inside JavaCPP's
 * default cap on the process's resident size (4 x -Xmx = 8 GB; see {@code ResNet50Benchmark}).
 *
 * <p>Run: {@code java -jar privacy-bench/target/benchmarks.jar 'dev.pixelprivacy.bench.pipeline'};
 * a smoke run: add {@code -f 1 -wi 0 -i 1 -r 1ms -p size=64 -p saliencyWidthDivisor=16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class SalientDefencePipelineBenchmark {
    /** The budget of the paper's Table 1, first rows (0.01 in ImageNet-normalised units, about 0.58/255). */
    static final Epsilon EPSILON = Epsilon.imageNetNormalised(0.01);

    /**
     * Image height and width (256, the task's protocol; smaller for a smoke run: then the threat
     * model sees the image at that size and the protocol's resize to 256x256 is off).
     */
    @Param({"256"})
    public int size;

    /** Divides the SalGAN-style network's channel counts (1: SalGAN's size; 16 for a smoke run). */
    @Param({"1"})
    public int saliencyWidthDivisor;

    private RgbImage image;
    private int label;
    private OnnxThreatModel threatModel;
    private SaliencyModel salGan;
    private SaliencyModel spectralResidual;
    private EdgeMap edges;
    private Parallelism parallelism;
    private AttackObjective threatLoss;
    private ImageProtection salientDefence;
    private ImageProtection salientDefenceSpectralResidual;

    private Mask saliency;
    private Mask mask;
    private float[] direction;
    private RgbImage attacked;

    /**
     * Loads both networks, builds the protections and runs each part once to give the next one its
     * input (which also builds every SameDiff network the parts use).
     *
     * @throws IOException if the temporary model files cannot be written
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (size < 32) {
            throw new IllegalArgumentException("size must be >= 32 (ResNet-50 downsamples 32x) but was " + size);
        }
        image = BenchImages.image(size, size, 2019);
        Preprocessing threatInput = size == PaperMethods.PROTOCOL_SIZE ? Preprocessing.imagenet256()
                : Preprocessing.builder().size(size, size).resize(Preprocessing.ResizeRule.BILINEAR)
                        .mean(ImageNetStatistics.meansFloat()).std(ImageNetStatistics.stdsFloat()).build();
        threatModel = new OnnxThreatModel(load("resnet50-", f -> ResNet50Onnx.write(f, 365, 2024)), threatInput);
        salGan = new SalGanSaliency(load("salgan-", f -> SalGanOnnx.write(f, saliencyWidthDivisor, 2017)),
                Preprocessing.salgan());
        spectralResidual = SpectralResidualSaliency.standard();
        edges = EdgeMap.paper();
        parallelism = Parallelism.sequential();
        threatLoss = AttackObjective.threatLoss(threatModel, ClassifierLoss.CROSS_ENTROPY);
        salientDefence = PaperMethods.builder(threatModel).saliency(salGan).parallelism(parallelism).build()
                .protection(PaperMethod.SALIENT_DEFENCE, EPSILON);
        salientDefenceSpectralResidual = PaperMethods.builder(threatModel).parallelism(parallelism).build()
                .protection(PaperMethod.SALIENT_DEFENCE, EPSILON);

        label = threatModel.predict(image).label();
        saliency = saliencyForward();
        mask = mask();
        direction = gradient().ascent();
        attacked = step();
    }

    /** @return the clean image every part works on (set up by {@link #setUp()}) */
    RgbImage image() {
        return image;
    }

    private interface ModelWriter {
        void write(Path file) throws IOException;
    }

    private static OnnxModel load(String prefix, ModelWriter writer) throws IOException {
        Path file = Files.createTempFile(prefix, ".onnx");
        try {
            writer.write(file);
            return OnnxModel.load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The SalGAN-style network's saliency map S: {@link SalGanSaliency#saliency}, i.e. bilinear resize
     * to 192x256, BGR 0..255 minus the mean, the forward pass, min-max normalisation and bilinear
     * resize back to the image size.
     *
     * @return S, {@code size x size}, values in [0, 1]
     */
    @Benchmark
    public Mask saliencyForward() {
        return salGan.saliency(image);
    }

    /**
     * The weight-free default saliency: {@link SpectralResidualSaliency#standard()} (64-pixel FFT
     * spectral residual, Hou and Zhang 2007), what {@link PaperMethods} uses without a network.
     *
     * @return S, {@code size x size}, values in [0, 1]
     */
    @Benchmark
    public Mask saliencySpectralResidual() {
        return spectralResidual.saliency(image);
    }

    /**
     * The Salient Defence map from the SalGAN saliency map S computed in setup: reverse saliency
     * {@code 1 - S}, the paper's edge map E (luminance, Sobel, Gaussian sigma 10, min-max) and
     * {@code M = minmax((1 - S) [E >= mean(E)])}, the same calls as the library's
     * {@code SalientDefenceMask.salientDefence} after its saliency model.
     *
     * @return M, {@code size x size}, values in [0, 1]
     */
    @Benchmark
    public Mask mask() {
        saliency.requireSizeOf(image);
        return SalientDefenceMap.combine(saliency.inverted(), edges.compute(image, parallelism));
    }

    /**
     * The threat model's softmax cross-entropy gradient for one image, as the attack asks for it
     * ({@link AttackObjective#threatLoss}): copy into a batch, {@link Preprocessing} (ImageNet
     * normalisation, no resize at 256x256), ResNet-50 forward and input gradient, chain rule back to
     * [0, 1] pixels, logits.
     *
     * @return the logits (1 x 365) and the ascent direction (3 x size x size, NCHW)
     */
    @Benchmark
    public AttackObjective.Direction gradient() {
        return threatLoss.direction(ImageBatch.of(image), List.of(AttackGoal.untargeted(label)));
    }

    /**
     * The masked FGSM step on the gradient and mask computed in setup, with the arithmetic of
     * {@code SignGradientAttack}'s FGSM (which the public API runs only together with a threat-model
     * prediction): per-sample budget bounds {@code [max(0, x - eps_c m), min(1, x + eps_c m)]}, then
     * {@code x' = clip(x + eps_c m sign(g))} onto them, then the result image.
     *
     * @return x', values in [0, 1]
     */
    @Benchmark
    public RgbImage step() {
        float[] x0 = image.data();
        float[] m = mask.data();
        float[] g = direction;
        int plane = size * size;
        float[] lo = new float[x0.length];
        float[] hi = new float[x0.length];
        for (int c = 0; c < 3; c++) {
            float e = EPSILON.channel(c);
            int base = c * plane;
            for (int p = 0; p < plane; p++) {
                float b = e * m[p];
                lo[base + p] = Math.max(0f, x0[base + p] - b);
                hi[base + p] = Math.min(1f, x0[base + p] + b);
            }
        }
        float[] x = x0.clone();
        for (int c = 0; c < 3; c++) {
            float e = EPSILON.channel(c);
            int base = c * plane;
            for (int p = 0; p < plane; p++) {
                float v = x[base + p] + e * Math.signum(g[base + p]) * m[p];
                x[base + p] = Math.min(hi[base + p], Math.max(lo[base + p], v));
            }
        }
        return RgbImage.clamped(size, size, x);
    }

    /**
     * What writing an 8-bit PNG costs on top of the step: the attacked image from setup rounded to
     * 256 levels ({@link OutputEncoding#PNG_8BIT}) and the threat model's prediction on the rounded
     * image, the extra forward pass the library makes so that the verdict it reports (and, for the
     * iterative attacks, its early stop) holds for the written file. The attack's own rounding keeps
     * each sample inside its budget (nearest level, moved back one level if it crossed the budget):
     * the same per-sample work as this one plus two comparisons.
     *
     * @return the prediction on the rounded image
     */
    @Benchmark
    public Prediction round8Bit() {
        RgbImage rounded = OutputEncoding.PNG_8BIT.apply(attacked);
        return threatModel.predict(rounded);
    }

    /**
     * Salient Defence end to end with the SalGAN-style network:
     * {@code PaperMethods.builder(threatModel).saliency(salGan).build().protection(SALIENT_DEFENCE, eps)
     * .protect(image, label)}, 8-bit PNG output (the default).
     *
     * @return the protection result
     */
    @Benchmark
    public ProtectionResult whole() {
        return salientDefence.protect(image, label);
    }

    /**
     * Salient Defence end to end with the library's default, weight-free spectral-residual saliency.
     *
     * @return the protection result
     */
    @Benchmark
    public ProtectionResult wholeSpectralResidual() {
        return salientDefenceSpectralResidual.protect(image, label);
    }
}
