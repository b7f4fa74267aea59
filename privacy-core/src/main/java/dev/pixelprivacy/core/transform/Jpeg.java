package dev.pixelprivacy.core.transform;

import dev.pixelprivacy.core.Arguments;

/**
 * A differentiable stand-in for a baseline JPEG encode and decode at IJG quality q, 4:2:0, the way
 * libjpeg (and so PIL and {@code javax.imageio}) does it:
 * <ol>
 *   <li>RGB to YCbCr, JFIF full range (ITU-R BT.601): {@code Y = 0.299 R + 0.587 G + 0.114 B},
 *       {@code Cb = 128 - 0.168736 R - 0.331264 G + 0.5 B}, {@code Cr = 128 + 0.5 R - 0.418688 G - 0.081312 B}
 *       on the 0..255 scale;</li>
 *   <li>edge-replication padding to a multiple of 16 in both directions (libjpeg's edge expansion
 *       to whole MCUs), then chroma subsampling by the mean of each 2x2 block;</li>
 *   <li>per 8x8 block: level shift by -128, orthonormal 8x8 DCT-II (the JPEG standard's DCT),
 *       division by the quantisation table, the rounding surrogate below, multiplication by the table,
 *       inverse DCT, +128;</li>
 *   <li>the padding cut away; chroma upsampled as libjpeg's default ("fancy") h2v2 upsampling does:
 *       per axis, each output sample {@code 3/4} of the nearer chroma sample and {@code 1/4} of the next
 *       one, edge samples replicated, from the {@code ceil(w/2) x ceil(h/2)} chroma samples the image
 *       covers;</li>
 *   <li>YCbCr to RGB ({@code R = Y + 1.402 (Cr - 128)}, {@code G = Y - 0.344136 (Cb - 128) - 0.714136 (Cr - 128)},
 *       {@code B = Y + 1.772 (Cb - 128)}), then clamped to [0, 255] and scaled back to [0, 1].</li>
 * </ol>
 * The tables are the IJG standard luminance and chrominance tables (JPEG standard Annex K) scaled by
 * libjpeg's {@code jpeg_quality_scaling}: scale {@code 5000 / q} below 50, else {@code 200 - 2q}, each
 * entry {@code (base * scale + 50) / 100} in integer arithmetic, clamped to [1, 255] (baseline).
 * ({@code javax.imageio} computes the same scaling in float and gets 4 luminance entries one lower at
 * q = 85.)
 *
 * <p>Rounding surrogate: Shin and Song, "JPEG-resistant Adversarial Images", NIPS 2017 Workshop on
 * Machine Learning and Computer Security: {@code r(u) = round(u) + (u - round(u))^3}, with round half
 * away from zero as libjpeg's quantiser does. It differs from round(u) by at most 1/8 (next to the
 * half-integers, where round jumps) and has derivative {@code 3 (u - round(u))^2}, zero at the integers. {@link #vjp} is the exact vjp of this surrogate
 * pipeline (including the final clamp, whose derivative is 0 outside [0, 255]).
 *
 * <p>Measured against a real encoder (test {@code JpegTest}: skimage's CC0 photos "chelsea", 451x300,
 * and a 301x203 crop of "coffee", encoded and decoded by {@code javax.imageio} through
 * {@code ImageFiles.jpegRoundTrip}): mean absolute difference 0.73 to 0.99 8-bit levels and 99th
 * percentile 2.7 to 5.7 levels over q = 50, 70, 75, 85, 90, 95 (largest at q = 50 on coffee); the test
 * asserts mean &lt;= 1.1 and 99th percentile &lt;= 6 levels at q = 50, 75, 95. PIL's encoder and decoder
 * give the same figures to 0.01 level. Hard rounding in place of the surrogate does not do better
 * (mean 0.75 to 0.87): the residual is libjpeg's integer DCT, integer colour conversion and the
 * rounding of its decoded samples to 8 bits, which a float pipeline does not reproduce.
 */
public final class Jpeg implements DifferentiableTransform {
    private static final int[] LUMINANCE = {
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99
    };
    private static final int[] CHROMINANCE = {
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99
    };
    /** Orthonormal DCT-II basis, {@code C[k][n] = a(k) cos((2n + 1) k pi / 16)}. */
    private static final double[] DCT = new double[64];

    static {
        for (int k = 0; k < 8; k++) {
            double a = k == 0 ? Math.sqrt(1.0 / 8) : Math.sqrt(2.0 / 8);
            for (int n = 0; n < 8; n++) {
                DCT[k * 8 + n] = a * Math.cos((2 * n + 1) * k * Math.PI / 16);
            }
        }
    }

    private final int quality;
    private final boolean rounding;
    private final double[] lumaTable;
    private final double[] chromaTable;

    private Jpeg(int quality, boolean rounding) {
        this.quality = quality;
        this.rounding = rounding;
        this.lumaTable = scaledTable(LUMINANCE, quality);
        this.chromaTable = scaledTable(CHROMINANCE, quality);
    }

    /**
     * @param quality IJG quality in [1, 100]
     * @return the surrogate JPEG at that quality
     */
    public static Jpeg quality(int quality) {
        Arguments.range("JPEG quality", quality, 1, 100);
        return new Jpeg(quality, true);
    }

    /** The same pipeline with the rounding surrogate replaced by the identity: linear apart from the clamp (for tests). */
    static Jpeg withoutRounding(int quality) {
        return new Jpeg(quality, false);
    }

    /** @return the IJG quality */
    public int quality() {
        return quality;
    }

    /**
     * @param base a table of the JPEG standard, natural (row-major) order
     * @param quality IJG quality in [1, 100]
     * @return the table libjpeg's {@code jpeg_set_quality(cinfo, quality, TRUE)} installs
     */
    static int[] libjpegTable(int[] base, int quality) {
        int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
        int[] t = new int[64];
        for (int i = 0; i < 64; i++) {
            long v = ((long) base[i] * scale + 50L) / 100L;
            t[i] = (int) Math.max(1, Math.min(255, v));
        }
        return t;
    }

    /** @return the luminance table at this quality, natural order */
    int[] luminanceTable() {
        return libjpegTable(LUMINANCE, quality);
    }

    /** @return the chrominance table at this quality, natural order */
    int[] chrominanceTable() {
        return libjpegTable(CHROMINANCE, quality);
    }

    private static double[] scaledTable(int[] base, int quality) {
        int[] t = libjpegTable(base, quality);
        double[] d = new double[64];
        for (int i = 0; i < 64; i++) {
            d[i] = t[i];
        }
        return d;
    }

    @Override
    public ImageSize outputSize(ImageSize input) {
        return input;
    }

    /** Luma padded to whole MCUs and the subsampled chroma planes, 0..255 scale, before the block pass. */
    private record Planes(int pw, int ph, float[] y, float[] cb, float[] cr) {}

    private static Planes encodePlanes(float[] rgb, ImageSize size) {
        int w = size.width();
        int h = size.height();
        int n = w * h;
        int pw = (w + 15) / 16 * 16;
        int ph = (h + 15) / 16 * 16;
        float[] y = new float[pw * ph];
        float[] cbFull = new float[pw * ph];
        float[] crFull = new float[pw * ph];
        for (int py = 0; py < ph; py++) {
            int sy = Math.min(py, h - 1);
            for (int px = 0; px < pw; px++) {
                int s = sy * w + Math.min(px, w - 1);
                double r = 255.0 * rgb[s];
                double g = 255.0 * rgb[n + s];
                double b = 255.0 * rgb[2 * n + s];
                int d = py * pw + px;
                y[d] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
                cbFull[d] = (float) (-0.168736 * r - 0.331264 * g + 0.5 * b + 128.0);
                crFull[d] = (float) (0.5 * r - 0.418688 * g - 0.081312 * b + 128.0);
            }
        }
        return new Planes(pw, ph, y, downsample(cbFull, pw, ph), downsample(crFull, pw, ph));
    }

    private static float[] downsample(float[] full, int pw, int ph) {
        int cw = pw / 2;
        int ch = ph / 2;
        float[] out = new float[cw * ch];
        for (int cy = 0; cy < ch; cy++) {
            int r0 = 2 * cy * pw;
            int r1 = r0 + pw;
            for (int cx = 0; cx < cw; cx++) {
                int x = 2 * cx;
                out[cy * cw + cx] = 0.25f * (full[r0 + x] + full[r0 + x + 1] + full[r1 + x] + full[r1 + x + 1]);
            }
        }
        return out;
    }

    /** Adjoint of {@link #downsample}: each full-resolution sample receives a quarter of its block's gradient. */
    private static float[] downsampleAdjoint(float[] g, int pw, int ph) {
        int cw = pw / 2;
        float[] out = new float[pw * ph];
        for (int py = 0; py < ph; py++) {
            for (int px = 0; px < pw; px++) {
                out[py * pw + px] = 0.25f * g[(py / 2) * cw + px / 2];
            }
        }
        return out;
    }

    /**
     * The block pass on one plane (pw x ph, multiples of 8), in place. With {@code original} null it is
     * the forward pass: shift, DCT, quantise, surrogate, dequantise, IDCT, unshift. Otherwise {@code plane}
     * holds a gradient at the pass's output and becomes the gradient at its input, the surrogate's
     * derivative read from {@code original} (the pass's input).
     */
    private void blockPass(float[] plane, float[] original, int pw, int ph, double[] table) {
        double[] block = new double[64];
        double[] tmp = new double[64];
        double[] u = new double[64];
        for (int by = 0; by < ph; by += 8) {
            for (int bx = 0; bx < pw; bx += 8) {
                if (original == null) {
                    read(plane, pw, bx, by, block, -128.0);
                    dct(block, tmp);
                    for (int k = 0; k < 64; k++) {
                        block[k] = surrogate(block[k] / table[k]) * table[k];
                    }
                    idct(block, tmp);
                    write(block, plane, pw, bx, by, 128.0);
                } else {
                    read(original, pw, bx, by, u, -128.0);
                    dct(u, tmp);
                    read(plane, pw, bx, by, block, 0.0);
                    dct(block, tmp); // transpose of the IDCT
                    for (int k = 0; k < 64; k++) {
                        block[k] *= surrogateDerivative(u[k] / table[k]);
                    }
                    idct(block, tmp); // transpose of the DCT
                    write(block, plane, pw, bx, by, 0.0);
                }
            }
        }
    }

    private static void read(float[] plane, int pw, int bx, int by, double[] block, double shift) {
        for (int r = 0; r < 8; r++) {
            int row = (by + r) * pw + bx;
            for (int c = 0; c < 8; c++) {
                block[r * 8 + c] = plane[row + c] + shift;
            }
        }
    }

    private static void write(double[] block, float[] plane, int pw, int bx, int by, double shift) {
        for (int r = 0; r < 8; r++) {
            int row = (by + r) * pw + bx;
            for (int c = 0; c < 8; c++) {
                plane[row + c] = (float) (block[r * 8 + c] + shift);
            }
        }
    }

    /** In place: {@code F = C X C^T}. */
    private static void dct(double[] x, double[] tmp) {
        for (int k = 0; k < 8; k++) {
            for (int c = 0; c < 8; c++) {
                double s = 0;
                for (int n = 0; n < 8; n++) {
                    s += DCT[k * 8 + n] * x[n * 8 + c];
                }
                tmp[k * 8 + c] = s;
            }
        }
        for (int r = 0; r < 8; r++) {
            for (int k = 0; k < 8; k++) {
                double s = 0;
                for (int n = 0; n < 8; n++) {
                    s += tmp[r * 8 + n] * DCT[k * 8 + n];
                }
                x[r * 8 + k] = s;
            }
        }
    }

    /** In place: {@code X = C^T F C}. */
    private static void idct(double[] f, double[] tmp) {
        for (int n = 0; n < 8; n++) {
            for (int c = 0; c < 8; c++) {
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    s += DCT[k * 8 + n] * f[k * 8 + c];
                }
                tmp[n * 8 + c] = s;
            }
        }
        for (int r = 0; r < 8; r++) {
            for (int n = 0; n < 8; n++) {
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    s += tmp[r * 8 + k] * DCT[k * 8 + n];
                }
                f[r * 8 + n] = s;
            }
        }
    }

    /** Round half away from zero, as libjpeg's quantiser. */
    private static double roundHalfAway(double u) {
        return u < 0 ? -Math.floor(-u + 0.5) : Math.floor(u + 0.5);
    }

    private double surrogate(double u) {
        if (!rounding) {
            return u;
        }
        double r = roundHalfAway(u);
        double e = u - r;
        return r + e * e * e;
    }

    private double surrogateDerivative(double u) {
        if (!rounding) {
            return 1.0;
        }
        double e = u - roundHalfAway(u);
        return 3.0 * e * e;
    }

    /** One axis of libjpeg's fancy upsampling: sample o reads chroma o/2 (3/4) and its neighbour on o's side (1/4). */
    private static int neighbour(int o, int n) {
        int i = o / 2;
        int j = (o & 1) == 0 ? i - 1 : i + 1;
        return j < 0 ? 0 : (j >= n ? n - 1 : j);
    }

    /** Fancy-upsamples chroma (cw x ch samples, row stride stride) to w x h. */
    private static float[] upsample(float[] c, int stride, int cw, int ch, int w, int h) {
        float[] tmp = new float[ch * w];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < w; x++) {
                tmp[y * w + x] = 0.75f * c[y * stride + x / 2] + 0.25f * c[y * stride + neighbour(x, cw)];
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int a = (y / 2) * w;
            int b = neighbour(y, ch) * w;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = 0.75f * tmp[a + x] + 0.25f * tmp[b + x];
            }
        }
        return out;
    }

    /** Adjoint of {@link #upsample}: the w x h gradient scattered into a chroma plane of row stride stride and height rows. */
    private static float[] upsampleAdjoint(float[] g, int stride, int rows, int cw, int ch, int w, int h) {
        float[] tmp = new float[ch * w];
        for (int y = 0; y < h; y++) {
            int a = (y / 2) * w;
            int b = neighbour(y, ch) * w;
            for (int x = 0; x < w; x++) {
                float v = g[y * w + x];
                tmp[a + x] += 0.75f * v;
                tmp[b + x] += 0.25f * v;
            }
        }
        float[] out = new float[stride * rows];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < w; x++) {
                float v = tmp[y * w + x];
                out[y * stride + x / 2] += 0.75f * v;
                out[y * stride + neighbour(x, cw)] += 0.25f * v;
            }
        }
        return out;
    }

    /** The decoded RGB on the 0..255 scale, before the clamp. */
    private static float[] decode(Planes p, ImageSize size) {
        int w = size.width();
        int h = size.height();
        int n = w * h;
        int cs = p.pw() / 2;
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        float[] cb = upsample(p.cb(), cs, cw, ch, w, h);
        float[] cr = upsample(p.cr(), cs, cw, ch, w, h);
        float[] rgb = new float[3 * n];
        for (int yy = 0; yy < h; yy++) {
            for (int x = 0; x < w; x++) {
                int i = yy * w + x;
                double l = p.y()[yy * p.pw() + x];
                double b = cb[i] - 128.0;
                double r = cr[i] - 128.0;
                rgb[i] = (float) (l + 1.402 * r);
                rgb[n + i] = (float) (l - 0.344136 * b - 0.714136 * r);
                rgb[2 * n + i] = (float) (l + 1.772 * b);
            }
        }
        return rgb;
    }

    private Planes blocks(Planes p) {
        float[] y = p.y().clone();
        float[] cb = p.cb().clone();
        float[] cr = p.cr().clone();
        blockPass(y, null, p.pw(), p.ph(), lumaTable);
        blockPass(cb, null, p.pw() / 2, p.ph() / 2, chromaTable);
        blockPass(cr, null, p.pw() / 2, p.ph() / 2, chromaTable);
        return new Planes(p.pw(), p.ph(), y, cb, cr);
    }

    @Override
    public float[] forward(float[] planar, ImageSize size) {
        DifferentiableTransform.requireLength(size, planar, "JPEG input");
        float[] rgb = decode(blocks(encodePlanes(planar, size)), size);
        for (int i = 0; i < rgb.length; i++) {
            float v = rgb[i];
            rgb[i] = v < 0f ? 0f : (v > 255f ? 1f : v / 255f);
        }
        return rgb;
    }

    @Override
    public float[] vjp(float[] planar, ImageSize size, float[] outputGradient) {
        DifferentiableTransform.requireLength(size, planar, "JPEG input");
        DifferentiableTransform.requireLength(size, outputGradient, "JPEG output gradient");
        int w = size.width();
        int h = size.height();
        int n = w * h;
        Planes in = encodePlanes(planar, size);
        float[] decoded = decode(blocks(in), size);
        int pw = in.pw();
        int ph = in.ph();
        int cs = pw / 2;
        // through the clamp and the colour conversion (the 1/255 of the output and the 255 of the input cancel)
        float[] gy = new float[pw * ph];
        float[] gcb = new float[n];
        float[] gcr = new float[n];
        for (int yy = 0; yy < h; yy++) {
            for (int x = 0; x < w; x++) {
                int i = yy * w + x;
                double gr = pass(decoded[i]) ? outputGradient[i] : 0.0;
                double gg = pass(decoded[n + i]) ? outputGradient[n + i] : 0.0;
                double gb = pass(decoded[2 * n + i]) ? outputGradient[2 * n + i] : 0.0;
                gy[yy * pw + x] = (float) ((gr + gg + gb) / 255.0);
                gcb[i] = (float) ((-0.344136 * gg + 1.772 * gb) / 255.0);
                gcr[i] = (float) ((1.402 * gr - 0.714136 * gg) / 255.0);
            }
        }
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        float[] gCb = upsampleAdjoint(gcb, cs, ph / 2, cw, ch, w, h);
        float[] gCr = upsampleAdjoint(gcr, cs, ph / 2, cw, ch, w, h);
        blockPass(gy, in.y(), pw, ph, lumaTable);
        blockPass(gCb, in.cb(), cs, ph / 2, chromaTable);
        blockPass(gCr, in.cr(), cs, ph / 2, chromaTable);
        float[] gCbFull = downsampleAdjoint(gCb, pw, ph);
        float[] gCrFull = downsampleAdjoint(gCr, pw, ph);
        // through the padding (replicated samples add into their source) and the RGB to YCbCr matrix
        float[] out = new float[3 * n];
        for (int py = 0; py < ph; py++) {
            int sy = Math.min(py, h - 1);
            for (int px = 0; px < pw; px++) {
                int s = sy * w + Math.min(px, w - 1);
                int d = py * pw + px;
                double ly = gy[d] * 255.0;
                double lb = gCbFull[d] * 255.0;
                double lr = gCrFull[d] * 255.0;
                out[s] += (float) (0.299 * ly - 0.168736 * lb + 0.5 * lr);
                out[n + s] += (float) (0.587 * ly - 0.331264 * lb - 0.418688 * lr);
                out[2 * n + s] += (float) (0.114 * ly + 0.5 * lb - 0.081312 * lr);
            }
        }
        return out;
    }

    private static boolean pass(float v) {
        return v >= 0f && v <= 255f;
    }

    @Override
    public String toString() {
        return "jpeg(q " + quality + (rounding ? "" : ", no rounding") + ")";
    }
}
