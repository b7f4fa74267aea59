package dev.pixelprivacy.core.transform;

/**
 * Moves the image by whole pixels, keeping its size: output (y, x) is input
 * {@code (clamp(y - dy), clamp(x - dx))}. Border rule: edge replication, i.e. the pixels uncovered
 * at one side repeat the nearest input row or column (no black band the model could key on). Linear;
 * the adjoint adds each output gradient into the input pixel it was read from, so the edge rows and
 * columns collect the gradient of their copies.
 */
public final class Shift implements DifferentiableTransform {
    private final int dx;
    private final int dy;

    private Shift(int dx, int dy) {
        this.dx = dx;
        this.dy = dy;
    }

    /**
     * @param dx columns to move right (negative: left)
     * @param dy rows to move down (negative: up)
     * @return the shift
     */
    public static Shift of(int dx, int dy) {
        return new Shift(dx, dy);
    }

    @Override
    public ImageSize outputSize(ImageSize input) {
        return input;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

    @Override
    public float[] forward(float[] planar, ImageSize size) {
        DifferentiableTransform.requireLength(size, planar, "shift input");
        int w = size.width();
        int h = size.height();
        float[] out = new float[planar.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int src = (c * h + clamp(y - dy, h)) * w;
                int dst = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[dst + x] = planar[src + clamp(x - dx, w)];
                }
            }
        }
        return out;
    }

    @Override
    public float[] vjp(float[] planar, ImageSize size, float[] outputGradient) {
        DifferentiableTransform.requireLength(size, outputGradient, "shift output gradient");
        int w = size.width();
        int h = size.height();
        float[] out = new float[outputGradient.length];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int src = (c * h + clamp(y - dy, h)) * w;
                int dst = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[src + clamp(x - dx, w)] += outputGradient[dst + x];
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "shift(" + dx + ", " + dy + ")";
    }
}
