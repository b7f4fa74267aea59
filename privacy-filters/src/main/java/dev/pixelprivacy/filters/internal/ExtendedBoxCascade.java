package dev.pixelprivacy.filters.internal;

import java.util.Arrays;

/**
 * A Gaussian approximated by {@code passes} identical extended box filters (Gwosdek, Grewenig, Bruhn
 * and Weickert, "Theoretical foundations of Gaussian convolution by extended box filtering", SSVM
 * 2011): weight 1 on offsets {@code |k| <= r}, weight {@code alpha} on {@code |k| = r + 1}, normalised,
 * with r and alpha chosen so the cascade's variance is exactly sigma^2. Each pass is a running sum, so
 * the cost per sample is constant in sigma.
 *
 * <p>As a {@link LineStream}, all passes advance together through rings of {@code 2r + 3} vectors, so
 * a strip is read and written once per direction. The reflect border is exact because the driver
 * extends the input by reflection as far as the cascade reaches.
 */
public final class ExtendedBoxCascade {
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
        Arrays.fill(box, n);
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
     * @param capacity largest number of lanes
     * @return a stream running the cascade
     */
    public LineStream stream(int capacity) {
        return new Stream(capacity);
    }

    private final class Stream extends LineStream {
        /** Vectors held per pass: the box's 2r + 1 samples and the two outer ones. */
        private final int span = 2 * r + 3;
        private final float[][][] rings = new float[passes][][];
        private final float[][] sums = new float[passes][];
        private final int[] received = new int[passes];
        private final float[] out;

        Stream(int capacity) {
            for (int p = 0; p < passes; p++) {
                rings[p] = new float[span][capacity];
                sums[p] = new float[capacity];
            }
            out = new float[capacity];
        }

        @Override
        public int reach() {
            return ExtendedBoxCascade.this.reach();
        }

        @Override
        public void begin(int lanes) {
            this.lanes = lanes;
            Arrays.fill(received, 0);
            for (float[] s : sums) {
                Arrays.fill(s, 0f);
            }
        }

        @Override
        public float[] inputLine() {
            return rings[0][received[0] % span];
        }

        @Override
        public float[] push() {
            int n = lanes;
            for (int p = 0; p < passes; p++) {
                int m = received[p]++;
                float[][] ring = rings[p];
                float[] sum = sums[p];
                float[] in = ring[m % span];
                if (m == 0) {
                    return null;
                }
                if (m <= 2 * r + 1) {
                    for (int i = 0; i < n; i++) {
                        sum[i] += in[i];
                    }
                    return null;
                }
                // Output j = m - 2r - 2 of this pass: inner sum of inputs j+1..j+2r+1, outer inputs j and m.
                int j = m - 2 * r - 2;
                float[] first = ring[j % span];
                float[] second = ring[(j + 1) % span];
                float[] target = p + 1 < passes ? rings[p + 1][received[p + 1] % span] : out;
                float c = norm;
                float a = alpha;
                for (int i = 0; i < n; i++) {
                    float s = sum[i];
                    float x = in[i];
                    target[i] = c * (s + a * (first[i] + x));
                    sum[i] = s + x - second[i];
                }
            }
            return out;
        }
    }
}
