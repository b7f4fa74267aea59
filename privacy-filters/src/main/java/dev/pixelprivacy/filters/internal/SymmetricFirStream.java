package dev.pixelprivacy.filters.internal;

/**
 * Convolution with a symmetric kernel ({@code half[0]} at the centre, {@code half[k]} at -k and +k) as
 * a {@link LineStream}: a ring of the last {@code 2R + 1} input vectors, each its own array.
 */
public final class SymmetricFirStream extends LineStream {
    private final float[] half;
    private final int radius;
    private final int span;
    private final float[][] ring;
    private final float[] out;
    private int received;

    /**
     * @param half half kernel, radius {@code half.length - 1}
     * @param capacity largest number of lanes
     */
    public SymmetricFirStream(float[] half, int capacity) {
        this.half = half;
        this.radius = half.length - 1;
        this.span = 2 * radius + 1;
        this.ring = new float[span][capacity];
        this.out = new float[capacity];
    }

    @Override
    public int reach() {
        return radius;
    }

    @Override
    public void begin(int lanes) {
        this.lanes = lanes;
        this.received = 0;
    }

    @Override
    public float[] inputLine() {
        return ring[received % span];
    }

    @Override
    public float[] push() {
        int m = received++;
        if (m < 2 * radius) {
            return null;
        }
        int centre = m - radius;
        int n = lanes;
        float[] o = out;
        float[] c = ring[centre % span];
        float w0 = half[0];
        for (int i = 0; i < n; i++) {
            o[i] = w0 * c[i];
        }
        for (int k = 1; k <= radius; k++) {
            float wk = half[k];
            float[] a = ring[(centre - k) % span];
            float[] b = ring[(centre + k) % span];
            for (int i = 0; i < n; i++) {
                o[i] += wk * (a[i] + b[i]);
            }
        }
        return o;
    }
}
