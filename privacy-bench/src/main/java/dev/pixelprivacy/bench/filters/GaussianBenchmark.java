package dev.pixelprivacy.bench.filters;

import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.concurrency.BoofConcurrency;
import boofcv.struct.image.GrayF32;
import dev.pixelprivacy.filters.GaussianBlur;
import dev.pixelprivacy.filters.Luminance;
import dev.pixelprivacy.filters.Parallelism;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Gaussian blur of one float plane (the luminance of a seeded photo-like image): ours (the form
 * {@link GaussianBlur.Method#AUTO} picks, and the exact FIR), BoofCV {@code BlurImageOps.gaussian}
 * with the same radius (its border renormalises the kernel; BoofCV has no scipy-style reflect), and
 * OpenCV {@code GaussianBlur} with kernel size {@code 2 * radius + 1} and {@code BORDER_REFLECT}
 * (scipy's reflect). All on the same data; inputs are never modified.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GaussianBenchmark {
    @Param({"256x256", "4000x3000"})
    public String size;

    @Param({"1", "3", "10"})
    public double sigma;

    @Param({"1", "2"})
    public int threads;

    private int width;
    private int height;
    private float[] plane;
    private float[] out;
    private float[] work;
    private Parallelism par;
    private GaussianBlur auto;
    private GaussianBlur exact;
    private GrayF32 boofIn;
    private GrayF32 boofOut;
    private GrayF32 boofWork;
    private Mat cvIn;
    private Mat cvOut;
    private Size cvKernel;

    @Setup(Level.Trial)
    public void setUp() {
        int[] wh = BenchImages.size(size);
        width = wh[0];
        height = wh[1];
        plane = Luminance.of(BenchImages.image(width, height, 7), null);
        out = new float[plane.length];
        work = new float[plane.length];
        par = Parallelism.threads(threads);
        auto = GaussianBlur.of(sigma);
        exact = GaussianBlur.builder(sigma).method(GaussianBlur.Method.EXACT).build();
        BoofConcurrency.USE_CONCURRENT = threads > 1;
        BoofConcurrency.setMaxThreads(threads);
        boofIn = new GrayF32(width, height);
        System.arraycopy(plane, 0, boofIn.data, 0, plane.length);
        boofOut = new GrayF32(width, height);
        boofWork = new GrayF32(width, height);
        opencv_core.setNumThreads(threads);
        cvIn = new Mat(height, width, opencv_core.CV_32F);
        ((FloatBuffer) cvIn.createBuffer()).put(plane);
        cvOut = new Mat(height, width, opencv_core.CV_32F);
        int k = 2 * exact.radius() + 1;
        cvKernel = new Size(k, k);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
        cvIn.close();
        cvOut.close();
        cvKernel.close();
    }

    @Benchmark
    public float[] ours() {
        return auto.blurPlane(plane, out, width, height, work, par);
    }

    @Benchmark
    public float[] oursExactFir() {
        return exact.blurPlane(plane, out, width, height, work, par);
    }

    @Benchmark
    public GrayF32 boofcv() {
        return BlurImageOps.gaussian(boofIn, boofOut, sigma, exact.radius(), boofWork);
    }

    @Benchmark
    public Mat opencv() {
        opencv_imgproc.GaussianBlur(cvIn, cvOut, cvKernel, sigma, sigma, opencv_core.BORDER_REFLECT);
        return cvOut;
    }
}
