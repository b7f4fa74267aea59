package dev.pixelprivacy.bench.filters;

import boofcv.alg.color.ColorRgb;
import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.alg.filter.derivative.GradientSobel;
import boofcv.alg.misc.ImageStatistics;
import boofcv.alg.misc.PixelMath;
import boofcv.concurrency.BoofConcurrency;
import boofcv.core.image.border.FactoryImageBorder;
import boofcv.struct.border.BorderType;
import boofcv.struct.border.ImageBorder_F32;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.Planar;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.Luminance;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.SobelGradient;
import dev.pixelprivacy.filters.mask.SalientDefenceMask;
import dev.pixelprivacy.filters.saliency.SpectralResidualSaliency;
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
 * Sobel magnitude (on a luminance plane), the paper's full edge map (RGB planes to min-max normalised
 * sigma-10 blurred Sobel magnitude of the luminance) and the full Salient Defence mask, with BoofCV and
 * OpenCV doing the same steps on the same data (OpenCV: BORDER_REFLECT, 81x81 kernel; BoofCV: extended
 * border for Sobel, its renormalised border for the blur, radius 40). The copy of one plane into an
 * OpenCV {@code Mat} is measured on its own ({@link #opencvCopyIntoMat}); the OpenCV edge map starts
 * from RGB Mats filled in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EdgeMapBenchmark {
    @Param({"256x256", "4000x3000"})
    public String size;

    @Param({"1", "2"})
    public int threads;

    private int width;
    private int height;
    private RgbImage image;
    private float[] lum;
    private float[] out;
    private Parallelism par;
    private EdgeMap edgeMap;
    private PerturbationMask salientDefence;

    private Planar<GrayF32> boofRgb;
    private GrayF32 boofLum;
    private GrayF32 boofDx;
    private GrayF32 boofDy;
    private GrayF32 boofT1;
    private GrayF32 boofMag;
    private GrayF32 boofBlur;
    private GrayF32 boofWork;
    private ImageBorder_F32 boofBorder;

    private Mat[] cvRgb;
    private Mat cvLum;
    private Mat cvT;
    private Mat cvDx;
    private Mat cvDy;
    private Mat cvMag;
    private Mat cvBlur;
    private Mat cvOut;
    private Mat cvNoMask;
    private Size cvKernel;

    @Setup(Level.Trial)
    public void setUp() {
        int[] wh = BenchImages.size(size);
        width = wh[0];
        height = wh[1];
        int n = width * height;
        image = BenchImages.image(width, height, 11);
        lum = Luminance.of(image, null);
        out = new float[n];
        par = Parallelism.threads(threads);
        edgeMap = EdgeMap.paper();
        salientDefence = SalientDefenceMask.salientDefence(edgeMap, SpectralResidualSaliency.standard(), par);

        BoofConcurrency.USE_CONCURRENT = threads > 1;
        BoofConcurrency.setMaxThreads(threads);
        boofRgb = new Planar<>(GrayF32.class, width, height, 3);
        for (int c = 0; c < 3; c++) {
            System.arraycopy(image.data(), c * n, boofRgb.getBand(c).data, 0, n);
        }
        boofLum = new GrayF32(width, height);
        System.arraycopy(lum, 0, boofLum.data, 0, n);
        boofDx = new GrayF32(width, height);
        boofDy = new GrayF32(width, height);
        boofT1 = new GrayF32(width, height);
        boofMag = new GrayF32(width, height);
        boofBlur = new GrayF32(width, height);
        boofWork = new GrayF32(width, height);
        boofBorder = FactoryImageBorder.single(BorderType.EXTENDED, GrayF32.class);

        opencv_core.setNumThreads(threads);
        cvRgb = new Mat[3];
        float[] p = new float[n];
        for (int c = 0; c < 3; c++) {
            cvRgb[c] = new Mat(height, width, opencv_core.CV_32F);
            System.arraycopy(image.data(), c * n, p, 0, n);
            ((FloatBuffer) cvRgb[c].createBuffer()).put(p);
        }
        cvLum = new Mat(height, width, opencv_core.CV_32F);
        ((FloatBuffer) cvLum.createBuffer()).put(lum);
        cvT = new Mat(height, width, opencv_core.CV_32F);
        cvDx = new Mat(height, width, opencv_core.CV_32F);
        cvDy = new Mat(height, width, opencv_core.CV_32F);
        cvMag = new Mat(height, width, opencv_core.CV_32F);
        cvBlur = new Mat(height, width, opencv_core.CV_32F);
        cvOut = new Mat(height, width, opencv_core.CV_32F);
        cvNoMask = new Mat();
        cvKernel = new Size(81, 81);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        par.close();
        for (Mat m : new Mat[] {cvRgb[0], cvRgb[1], cvRgb[2], cvLum, cvT, cvDx, cvDy, cvMag, cvBlur, cvOut, cvNoMask}) {
            m.close();
        }
        cvKernel.close();
    }

    @Benchmark
    public float[] sobelOurs() {
        return SobelGradient.magnitude(lum, out, width, height, par);
    }

    @Benchmark
    public GrayF32 sobelBoofcv() {
        GradientSobel.process(boofLum, boofDx, boofDy, boofBorder);
        PixelMath.pow2(boofDx, boofT1);
        PixelMath.pow2(boofDy, boofMag);
        PixelMath.add(boofT1, boofMag, boofMag);
        PixelMath.sqrt(boofMag, boofMag);
        return boofMag;
    }

    @Benchmark
    public Mat sobelOpencv() {
        opencv_imgproc.Sobel(cvLum, cvDx, opencv_core.CV_32F, 1, 0, 3, 1, 0, opencv_core.BORDER_REFLECT);
        opencv_imgproc.Sobel(cvLum, cvDy, opencv_core.CV_32F, 0, 1, 3, 1, 0, opencv_core.BORDER_REFLECT);
        opencv_core.magnitude(cvDx, cvDy, cvMag);
        return cvMag;
    }

    @Benchmark
    public Mask edgeMapOurs() {
        return edgeMap.compute(image, par);
    }

    @Benchmark
    public GrayF32 edgeMapBoofcv() {
        ColorRgb.rgbToGray_Weighted(boofRgb, boofLum);
        GradientSobel.process(boofLum, boofDx, boofDy, boofBorder);
        PixelMath.pow2(boofDx, boofT1);
        PixelMath.pow2(boofDy, boofMag);
        PixelMath.add(boofT1, boofMag, boofMag);
        PixelMath.sqrt(boofMag, boofMag);
        BlurImageOps.gaussian(boofMag, boofBlur, 10.0, 40, boofWork);
        float min = ImageStatistics.min(boofBlur);
        float max = ImageStatistics.max(boofBlur);
        PixelMath.minus(boofBlur, min, boofBlur);
        PixelMath.divide(boofBlur, max - min, boofBlur);
        return boofBlur;
    }

    @Benchmark
    public Mat edgeMapOpencv() {
        opencv_core.addWeighted(cvRgb[0], 0.299, cvRgb[1], 0.587, 0, cvT);
        opencv_core.addWeighted(cvT, 1.0, cvRgb[2], 0.114, 0, cvLum);
        opencv_imgproc.Sobel(cvLum, cvDx, opencv_core.CV_32F, 1, 0, 3, 1, 0, opencv_core.BORDER_REFLECT);
        opencv_imgproc.Sobel(cvLum, cvDy, opencv_core.CV_32F, 0, 1, 3, 1, 0, opencv_core.BORDER_REFLECT);
        opencv_core.magnitude(cvDx, cvDy, cvMag);
        opencv_imgproc.GaussianBlur(cvMag, cvBlur, cvKernel, 10, 10, opencv_core.BORDER_REFLECT);
        opencv_core.normalize(cvBlur, cvOut, 0, 1, opencv_core.NORM_MINMAX, -1, cvNoMask);
        return cvOut;
    }

    @Benchmark
    public Mat opencvCopyIntoMat() {
        ((FloatBuffer) cvT.createBuffer()).put(lum);
        return cvT;
    }

    @Benchmark
    public Mask salientDefenceMaskOurs() {
        return salientDefence.compute(image);
    }
}
