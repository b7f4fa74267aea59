package dev.pixelprivacy.examples.demo;

import dev.pixelprivacy.core.image.RgbImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws simple procedural scenes, one kind per demo class, from a seed. Shapes are defined in
 * coordinates relative to the image size, so any size gives the same scene.
 */
public final class SceneGenerator {
    /** The demo classes, in label order. */
    public static final List<String> CLASSES = List.of("beach", "forest", "night-city", "desert");

    private SceneGenerator() {}

    /**
     * @param label class index in [0, 4)
     * @param width columns
     * @param height rows
     * @param seed seed; the same seed gives the same image
     * @return the scene, RGB in [0, 1]
     */
    public static RgbImage scene(int label, int width, int height, long seed) {
        if (label < 0 || label >= CLASSES.size()) {
            throw new IllegalArgumentException("label must be in [0, " + CLASSES.size() + ") but was " + label);
        }
        SplittableRandom r = new SplittableRandom(seed * 31 + label);
        float[] d = new float[3 * width * height];
        int plane = width * height;
        double bright = 0.9 + 0.2 * r.nextDouble();
        Painter p = switch (label) {
            case 0 -> beach(r);
            case 1 -> forest(r);
            case 2 -> nightCity(r);
            default -> desert(r);
        };
        double[] rgb = new double[3];
        for (int y = 0; y < height; y++) {
            double v = (y + 0.5) / height;
            for (int x = 0; x < width; x++) {
                double u = (x + 0.5) / width;
                p.paint(u, v, rgb);
                for (int c = 0; c < 3; c++) {
                    double noise = 0.03 * gaussian(r);
                    d[c * plane + y * width + x] = (float) Math.min(1, Math.max(0, rgb[c] * bright + noise));
                }
            }
        }
        return RgbImage.of(width, height, d);
    }

    @FunctionalInterface
    private interface Painter {
        void paint(double u, double v, double[] rgb);
    }

    private static Painter beach(SplittableRandom r) {
        double horizon = 0.35 + 0.15 * r.nextDouble();
        double shore = horizon + 0.15 + 0.1 * r.nextDouble();
        double wave = 20 + 20 * r.nextDouble();
        return (u, v, c) -> {
            if (v < horizon) {
                double t = v / horizon;
                set(c, 0.45 + 0.25 * t, 0.65 + 0.2 * t, 0.95);
            } else if (v < shore + 0.02 * Math.sin(u * 12)) {
                double s = 0.05 * Math.sin(u * wave + v * 80);
                set(c, 0.05 + s, 0.3 + s, 0.55 + s);
            } else {
                set(c, 0.86, 0.76, 0.56);
            }
        };
    }

    private static Painter forest(SplittableRandom r) {
        int trunks = 5 + r.nextInt(6);
        double[] tx = new double[trunks];
        double[] tw = new double[trunks];
        for (int i = 0; i < trunks; i++) {
            tx[i] = r.nextDouble();
            tw[i] = 0.01 + 0.03 * r.nextDouble();
        }
        double phase = r.nextDouble() * 10;
        return (u, v, c) -> {
            for (int i = 0; i < trunks; i++) {
                if (Math.abs(u - tx[i]) < tw[i] && v > 0.3) {
                    set(c, 0.35, 0.22, 0.1);
                    return;
                }
            }
            double leaf = 0.08 * Math.sin(u * 47 + phase) * Math.sin(v * 53 + phase);
            set(c, 0.12 + leaf, 0.38 + 2 * leaf, 0.13 + leaf);
        };
    }

    private static Painter nightCity(SplittableRandom r) {
        int buildings = 4 + r.nextInt(5);
        double[] top = new double[buildings];
        for (int i = 0; i < buildings; i++) {
            top[i] = 0.25 + 0.45 * r.nextDouble();
        }
        long windowsSeed = r.nextLong();
        return (u, v, c) -> {
            int b = Math.min(buildings - 1, (int) (u * buildings));
            if (v < top[b]) {
                set(c, 0.02, 0.03, 0.1 + 0.08 * v);
                return;
            }
            int wx = (int) (u * 40);
            int wy = (int) (v * 40);
            boolean window = (u * 40 - wx) > 0.35 && (v * 40 - wy) > 0.4;
            boolean lit = new SplittableRandom(windowsSeed + wx * 1000L + wy).nextDouble() < 0.45;
            if (window && lit) {
                set(c, 1.0, 0.85, 0.4);
            } else {
                set(c, 0.08, 0.08, 0.11);
            }
        };
    }

    private static Painter desert(SplittableRandom r) {
        double horizon = 0.4 + 0.15 * r.nextDouble();
        double dune = 5 + 5 * r.nextDouble();
        double phase = r.nextDouble() * 6;
        return (u, v, c) -> {
            double h = horizon + 0.05 * Math.sin(u * dune + phase);
            if (v < h) {
                double t = v / h;
                set(c, 0.95, 0.45 + 0.25 * t, 0.25 + 0.15 * t);
            } else {
                double shade = 0.06 * Math.sin((u + v) * 25 + phase);
                set(c, 0.82 + shade, 0.58 + shade, 0.32 + shade);
            }
        };
    }

    private static void set(double[] c, double r, double g, double b) {
        c[0] = r;
        c[1] = g;
        c[2] = b;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
