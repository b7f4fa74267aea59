package dev.pixelprivacy.filters.internal;

/**
 * The reflect border ({@code d c b a | a b c d}, the edge sample repeated), as scipy.ndimage's
 * {@code mode='reflect'}: the signal extended with period {@code 2n}, so indices far outside (a kernel
 * longer than the image) are mapped the same way scipy maps them.
 */
public final class Reflect {
    private Reflect() {}

    /**
     * @param i any index
     * @param n the signal length, &gt; 0
     * @return the index in {@code [0, n)} whose sample the extended signal has at {@code i}
     */
    public static int index(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        int period = 2 * n;
        int m = i % period;
        if (m < 0) {
            m += period;
        }
        return m < n ? m : period - 1 - m;
    }
}
