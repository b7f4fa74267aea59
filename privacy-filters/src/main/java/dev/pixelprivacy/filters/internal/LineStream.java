package dev.pixelprivacy.filters.internal;

/**
 * A 1-D filter applied to many lines at once, streamed: the lines of a strip (adjacent rows or
 * adjacent columns) are the lanes of a vector, and the filter consumes one such vector per position
 * along the filtered axis and emits one per output position. Every line lives in its own array
 * indexed from 0, so the inner loops are plain {@code a[i] = f(b[i], c[i])} and the JIT vectorises
 * them (on JDK 17 C2 does not vectorise loops mixing different loop-invariant offsets into arrays).
 *
 * <p>One instance per task; not thread-safe. The driver ({@link LinePasses}) feeds positions
 * {@code -reach() .. n - 1 + reach()} (reflected), and output {@code t} arrives after input
 * {@code t + reach()}.
 */
public abstract class LineStream {
    /** Lanes in use for the current strip. */
    protected int lanes;

    /** @return how many positions the filter reads on each side of an output position */
    public abstract int reach();

    /**
     * Starts a new strip.
     *
     * @param lanes lines in this strip, at most the capacity the stream was made with
     */
    public abstract void begin(int lanes);

    /** @return the array to write the next input vector into (first {@code lanes} entries) */
    public abstract float[] inputLine();

    /**
     * Consumes the vector written into {@link #inputLine()}.
     *
     * @return the next output vector (valid until the next call), or null if none is ready yet
     */
    public abstract float[] push();
}
