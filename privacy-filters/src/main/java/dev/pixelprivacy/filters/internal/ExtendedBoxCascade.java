package dev.pixelprivacy.filters.internal;

import dev.pixelprivacy.filters.Parallelism;

/**
 * A Gaussian approximated by {@code passes} identical extended box filters (Gwosdek, Grewenig, Bruhn
 * and Weickert, "Theoretical foundations of Gaussian convolution by extended box filtering", SSVM
 * 2011): weight 1 on offsets {@code |k| <= r}, weight {@code alpha} on {@code |k| = r + 1}, normalised,
 * with r and alpha chosen so the cascade's variance is exactly sigma^2. Each pass is a running sum, so
 * the cost per sample is constant in sigma.
 *
 * <p>Lines (rows or columns) are filtered many at a time: a strip of adjacent lines forms a vector,
 * and all passes stream over the vectors together through small ring buffers that stay in cache. The
 * vector loops are contiguous, so the JIT vectorises them in both directions; the horizontal direction
 * gathers columns of a strip of rows. The reflect border is exact: the input is extended by reflection
 * as far as the cascade reaches.
 */
public final class ExtendedBoxCascade {
    private static final int VERTICAL_STRIP = 512;
    private static final int HORIZONTAL_STRIP = 32;

    private final int passes;
    private final int r;
    private final float alpha;
    private final float norm;
    private final double alphaExact;

    /**
     * @param sigma standard deviation in samples, &gt; 0
     * @param passes number of box passes, &gt;= 1
     */
    public ExtendedBoxCascade(double sigma, int passes) {
        this.passes = passes;
        double v = sigma * sigma / passes;
        this.r = (int) Math.floor(0.5 * Math.sqrt(12.0 * v + 1.0) - 0.5);
        double a = (2 * r + 1) * (r * (r + 1) - 3.0 * v) / (6.0 * (v - (r + 1.0) * (r + 1.0)));
        this.alphaExact = a;
        this.alpha = (float) a;
        this.norm = (float) (1.0 / (2 * r + 1 + 2 * a));
    }

    /** @return the inner radius r of each box */
    public int boxRadius() {
        return r;
    }

    /** @return the weight of the two outer samples of each box, in [0, 1) */
    public double alpha() {
        return alphaExact;
    }

    /** @return how far the cascade reaches on each side: {@code passes * (r + 1)} */
    public int reach() {
        return passes * (r + 1);
    }

    /**
     * @return the cascade's 1-D impulse response in double precision, length {@code 2 * reach() + 1},
     *     centred
     */
    public double[] impulseResponse() {
        double n = 1.0 / (2 * r + 1 + 2 * alphaExact);
        double[] box = new double[2 * r + 3];
        for (int i = 0; i < box.length; i++) {
            box[i] = n;
        }
        box[0] = alphaExact * n;
        box[box.length - 1] = alphaExact * n;
        double[] k = {1.0};
        for (int p = 0; p < passes; p++) {
            double[] next = new double[k.length + box.length - 1];
            for (int i = 0; i < k.length; i++) {
                for (int j = 0; j < box.length; j++) {
                    next[i + j] += k[i] * box[j];
                }
            }
            k = next;
        }
        return k;
    }

    /**
     * Filters every row.
     *
     * @param src plane, row-major, {@code width * height}
     * @param dst output plane of the same size, not {@code src}
     * @param width columns
     * @param height rows
     * @param par threads
     */
    public void horizontal(float[] src, float[] dst, int width, int height, Parallelism par) {
        int strips = (height + HORIZONTAL_STRIP - 1) / HORIZONTAL_STRIP;
        par.forRange(strips, (from, to) -> {
            Workspace ws = new Workspace(HORIZONTAL_STRIP);
            for (int s = from; s < to; s++) {
                int y0 = s * HORIZONTAL_STRIP;
                int lanes = Math.min(HORIZONTAL_STRIP, height - y0);
                ws.begin(lanes);
                int reach = reach();
                for (int p = -reach; p < width + reach; p++) {
                    int xr = Reflect.index(p, width);
                    float[] ring = ws.rings[0];
                    int o = ws.slot(0);
                    int idx = y0 * width + xr;
                    for (int i = 0; i < lanes; i++, idx += width) {
                        ring[o + i] = src[idx];
                    }
                    if (ws.push()) {
                        int t = ws.emitted - 1;
                        float[] out = ws.out;
                        int d = y0 * width + t;
                        for (int i = 0; i < lanes; i++, d += width) {
                            dst[d] = out[i];
                        }
                    }
                }
            }
        });
    }

    /**
     * Filters every column.
     *
     * @param src plane, row-major, {@code width * height}
     * @param dst output plane of the same size, not {@code src}
     * @param width columns
     * @param height rows
     * @param par threads
     */
    public void vertical(float[] src, float[] dst, int width, int height, Parallelism par) {
        int strips = (width + VERTICAL_STRIP - 1) / VERTICAL_STRIP;
        par.forRange(strips, (from, to) -> {
            Workspace ws = new Workspace(VERTICAL_STRIP);
            for (int s = from; s < to; s++) {
                int x0 = s * VERTICAL_STRIP;
                int lanes = Math.min(VERTICAL_STRIP, width - x0);
                ws.begin(lanes);
                int reach = reach();
                for (int p = -reach; p < height + reach; p++) {
                    System.arraycopy(src, Reflect.index(p, height) * width + x0, ws.rings[0], ws.slot(0), lanes);
                    if (ws.push()) {
                        System.arraycopy(ws.out, 0, dst, (ws.emitted - 1) * width + x0, lanes);
                    }
                }
            }
        });
    }

    /** Ring buffers and running sums of one strip; one per task, reused across strips. */
    private final class Workspace {
        /** Lines held per pass: the box's 2r + 1 samples, the two outer ones, nothing more. */
        final int span = 2 * r + 3;
        final float[][] rings = new float[passes][];
        final float[][] sums = new float[passes][];
        final int[] received = new int[passes];
        final float[] out;
        int lanes;
        int emitted;

        Workspace(int maxLanes) {
            for (int p = 0; p < passes; p++) {
                rings[p] = new float[span * maxLanes];
                sums[p] = new float[maxLanes];
            }
            out = new float[maxLanes];
        }

        void begin(int lanes) {
            this.lanes = lanes;
            this.emitted = 0;
            for (int p = 0; p < passes; p++) {
                received[p] = 0;
                java.util.Arrays.fill(sums[p], 0f);
            }
        }

        /** @return where the next input line of pass p goes in its ring */
        int slot(int p) {
            return (received[p] % span) * lanes;
        }

        /**
         * Takes the line just written at {@link #slot}(0) through the cascade.
         *
         * @return true if the last pass produced output line {@code emitted - 1} in {@link #out}
         */
        boolean push() {
            for (int p = 0; p < passes; p++) {
                int m = received[p]++;
                float[] ring = rings[p];
                float[] sum = sums[p];
                int n = lanes;
                int om = (m % span) * n;
                if (m == 0) {
                    return false;
                }
                if (m <= 2 * r + 1) {
                    for (int i = 0; i < n; i++) {
                        sum[i] += ring[om + i];
                    }
                    return false;
                }
                // Output j = m - 2r - 2 of this pass: inner sum of lines j+1..j+2r+1, outer lines j and m.
                int j = m - 2 * r - 2;
                int oj = (j % span) * n;
                int oj1 = ((j + 1) % span) * n;
                float[] target = p + 1 < passes ? rings[p + 1] : out;
                int to = p + 1 < passes ? slot(p + 1) : 0;
                float c = norm;
                float a = alpha;
                for (int i = 0; i < n; i++) {
                    float s = sum[i];
                    float in = ring[om + i];
                    target[to + i] = c * (s + a * (ring[oj + i] + in));
                    sum[i] = s + in - ring[oj1 + i];
                }
            }
            emitted++;
            return true;
        }
    }
}
