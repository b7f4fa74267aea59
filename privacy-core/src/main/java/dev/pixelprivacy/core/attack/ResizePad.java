package dev.pixelprivacy.core.attack;

import java.util.SplittableRandom;

/**
 * The input-diversity transform of DI-FGSM (Xie et al. 2019, "Improving Transferability of Adversarial
 * Examples with Input Diversity", CVPR): a nearest-neighbour resize of the whole batch to a random
 * size, then zero padding at a random offset onto a fixed canvas; and its exact adjoint, which carries
 * a gradient on the canvas back to the image.
 *
 * <p>Nearest neighbour as in the paper's code ({@code tf.image.resize_images(..., NEAREST_NEIGHBOR)}):
 * output sample d reads input sample {@code floor(d * in / out)}, computed in integers. The adjoint
 * therefore adds each canvas sample's gradient to the one input sample it was read from; padding
 * receives nothing.
 */
final class ResizePad {
    final int width;
    final int height;
    final int resizedWidth;
    final int resizedHeight;
    final int canvasWidth;
    final int canvasHeight;
    final int left;
    final int top;

    /**
     * @param width source columns
     * @param height source rows
     * @param resizedWidth columns after the resize, in [1, canvasWidth]
     * @param resizedHeight rows after the resize, in [1, canvasHeight]
     * @param canvasWidth columns after padding
     * @param canvasHeight rows after padding
     * @param left zero columns left of the resized image, in [0, canvasWidth - resizedWidth]
     * @param top zero rows above it, in [0, canvasHeight - resizedHeight]
     */
    ResizePad(int width, int height, int resizedWidth, int resizedHeight, int canvasWidth, int canvasHeight,
              int left, int top) {
        if (resizedWidth < 1 || resizedHeight < 1 || left < 0 || top < 0
                || left + resizedWidth > canvasWidth || top + resizedHeight > canvasHeight) {
            throw new IllegalArgumentException("resize to " + resizedWidth + "x" + resizedHeight + " at (" + left + ", "
                    + top + ") does not fit a canvas of " + canvasWidth + "x" + canvasHeight);
        }
        this.width = width;
        this.height = height;
        this.resizedWidth = resizedWidth;
        this.resizedHeight = resizedHeight;
        this.canvasWidth = canvasWidth;
        this.canvasHeight = canvasHeight;
        this.left = left;
        this.top = top;
    }

    /**
     * The paper's random draw, generalised to non-square images and to both directions of the rate:
     * with {@code lo = min(S, floor(S * rate))} and {@code hi = max(S, floor(S * rate))} for each side S
     * (the paper: 299 and 330 for rate 330/299; torchattacks' rate 0.9 shrinks instead), one uniform u
     * gives the resized side {@code lo + floor(u * (hi - lo))} of both sides (so [lo, hi), exclusive as
     * the paper's {@code tf.random_uniform(.., 299, 330, tf.int32)}, and the aspect ratio is kept), the
     * canvas is hi, and each padding offset is uniform in [0, hi - resized) (0 when nothing is left).
     */
    static ResizePad random(int width, int height, double rate, SplittableRandom rnd) {
        double u = rnd.nextDouble();
        int loW = Math.min(width, (int) Math.floor(width * rate));
        int hiW = Math.max(width, (int) Math.floor(width * rate));
        int loH = Math.min(height, (int) Math.floor(height * rate));
        int hiH = Math.max(height, (int) Math.floor(height * rate));
        int rw = Math.max(1, loW + (int) Math.floor(u * (hiW - loW)));
        int rh = Math.max(1, loH + (int) Math.floor(u * (hiH - loH)));
        int left = hiW > rw ? rnd.nextInt(hiW - rw) : 0;
        int top = hiH > rh ? rnd.nextInt(hiH - rh) : 0;
        return new ResizePad(width, height, rw, rh, hiW, hiH, left, top);
    }

    /** @return the canvas of every image and channel of the NCHW batch {@code src} of n images */
    float[] forward(float[] src, int n) {
        float[] out = new float[n * 3 * canvasWidth * canvasHeight];
        map(src, out, n, true);
        return out;
    }

    /** @return the adjoint of {@link #forward} applied to a canvas gradient: the gradient on the images */
    float[] adjoint(float[] canvas, int n) {
        float[] out = new float[n * 3 * width * height];
        map(out, canvas, n, false);
        return out;
    }

    /**
     * Walks every canvas sample inside the resized image with the source sample it reads: copies source
     * to canvas ({@code forward}) or adds canvas to source (the adjoint, the transposed 0/1 matrix).
     */
    private void map(float[] src, float[] canvas, int n, boolean forward) {
        int cPlane = canvasWidth * canvasHeight;
        int sPlane = width * height;
        int[] sx = new int[resizedWidth];
        for (int x = 0; x < resizedWidth; x++) {
            sx[x] = (int) ((long) x * width / resizedWidth);
        }
        for (int b = 0; b < n * 3; b++) {
            for (int y = 0; y < resizedHeight; y++) {
                int srow = b * sPlane + (int) ((long) y * height / resizedHeight) * width;
                int crow = b * cPlane + (top + y) * canvasWidth + left;
                if (forward) {
                    for (int x = 0; x < resizedWidth; x++) {
                        canvas[crow + x] = src[srow + sx[x]];
                    }
                } else {
                    for (int x = 0; x < resizedWidth; x++) {
                        src[srow + sx[x]] += canvas[crow + x];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ResizePad[" + width + "x" + height + " -> " + resizedWidth + "x" + resizedHeight + " at (" + left + ", "
                + top + ") on " + canvasWidth + "x" + canvasHeight + "]";
    }
}
