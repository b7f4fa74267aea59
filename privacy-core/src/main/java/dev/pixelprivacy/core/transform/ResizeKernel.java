package dev.pixelprivacy.core.transform;

import java.util.Arrays;
import java.util.Locale;

/**
 * The resampling filters of PIL's {@code Image.resize} ({@code ImagingResample}, Pillow's
 * {@code libImaging/Resample.c}), the ones image platforms downscale with. When downscaling by a
 * factor s &gt; 1 each filter is stretched by s (its support is {@code support() * s}), which is the
 * antialiasing: every input pixel contributes to some output pixel.
 */
public enum ResizeKernel {
    /**
     * Box filter, support 1/2: PIL's {@code BOX}. Downscaling averages the input pixels whose centres
     * fall in the output pixel's footprint with equal weights; at integer factors that is OpenCV's
     * {@code INTER_AREA} (which at other factors weights the partly covered edge pixels by their
     * coverage instead).
     */
    AREA(0.5) {
        @Override
        double weight(double x) {
            return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
        }
    },
    /** Triangle filter, support 1: PIL's {@code BILINEAR} (antialiased bilinear). */
    BILINEAR(1.0) {
        @Override
        double weight(double x) {
            double a = Math.abs(x);
            return a < 1.0 ? 1.0 - a : 0.0;
        }
    },
    /** Keys' cubic convolution with a = -0.5, support 2: PIL's {@code BICUBIC}. */
    BICUBIC(2.0) {
        @Override
        double weight(double x) {
            final double a = -0.5;
            double t = Math.abs(x);
            if (t < 1.0) {
                return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
            }
            if (t < 2.0) {
                return (((t - 5.0) * t + 8.0) * t - 4.0) * a;
            }
            return 0.0;
        }
    },
    /** Lanczos windowed sinc with 3 lobes, support 3: PIL's {@code LANCZOS}. */
    LANCZOS(3.0) {
        @Override
        double weight(double x) {
            return x >= -3.0 && x < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
        }
    };

    private final double support;

    ResizeKernel(double support) {
        this.support = support;
    }

    /** @return the filter's half-width at scale 1, in input pixels */
    public double support() {
        return support;
    }

    /**
     * @param x distance from the filter's centre, in (scaled) pixels
     * @return the unnormalised filter weight
     */
    abstract double weight(double x);

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /**
     * @param name a kernel name, case-insensitive: area, bilinear, bicubic or lanczos
     * @return the kernel
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static ResizeKernel byName(String name) {
        for (ResizeKernel k : values()) {
            if (k.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown resize kernel '" + name + "'; known: "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
