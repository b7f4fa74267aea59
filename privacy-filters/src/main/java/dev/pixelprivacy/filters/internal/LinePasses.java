package dev.pixelprivacy.filters.internal;

import dev.pixelprivacy.filters.Parallelism;
import java.util.function.IntFunction;

/**
 * Drives a {@link LineStream} along rows or columns of a plane with the reflect border. Vertical
 * passes take strips of columns (row segments are copied, which is cheap); horizontal passes take
 * strips of rows and gather each column of the strip into a vector.
 */
public final class LinePasses {
    /** Columns per strip of a vertical pass. */
    public static final int VERTICAL_LANES = 512;
    /** Rows per strip of a horizontal pass. */
    public static final int HORIZONTAL_LANES = 64;

    private LinePasses() {}

    /**
     * Filters along each row.
     *
     * @param streams makes a stream with the given lane capacity (one per task)
     * @param src plane, row-major
     * @param dst output plane of the same size, not {@code src}
     * @param width columns
     * @param height rows
     * @param par threads; the result does not depend on them
     */
    public static void horizontal(IntFunction<LineStream> streams, float[] src, float[] dst, int width, int height,
            Parallelism par) {
        int strips = (height + HORIZONTAL_LANES - 1) / HORIZONTAL_LANES;
        par.forRange(strips, (from, to) -> {
            LineStream ls = streams.apply(HORIZONTAL_LANES);
            int reach = ls.reach();
            for (int s = from; s < to; s++) {
                int y0 = s * HORIZONTAL_LANES;
                int lanes = Math.min(HORIZONTAL_LANES, height - y0);
                ls.begin(lanes);
                int t = 0;
                for (int p = -reach; p < width + reach; p++) {
                    float[] in = ls.inputLine();
                    int idx = y0 * width + Reflect.index(p, width);
                    for (int i = 0; i < lanes; i++, idx += width) {
                        in[i] = src[idx];
                    }
                    float[] out = ls.push();
                    if (out != null) {
                        int d = y0 * width + t++;
                        for (int i = 0; i < lanes; i++, d += width) {
                            dst[d] = out[i];
                        }
                    }
                }
            }
        });
    }

    /**
     * Filters along each column.
     *
     * @param streams makes a stream with the given lane capacity (one per task)
     * @param src plane, row-major
     * @param dst output plane of the same size, not {@code src}
     * @param width columns
     * @param height rows
     * @param par threads; the result does not depend on them
     */
    public static void vertical(IntFunction<LineStream> streams, float[] src, float[] dst, int width, int height,
            Parallelism par) {
        int strips = (width + VERTICAL_LANES - 1) / VERTICAL_LANES;
        par.forRange(strips, (from, to) -> {
            LineStream ls = streams.apply(VERTICAL_LANES);
            int reach = ls.reach();
            for (int s = from; s < to; s++) {
                int x0 = s * VERTICAL_LANES;
                int lanes = Math.min(VERTICAL_LANES, width - x0);
                ls.begin(lanes);
                int t = 0;
                for (int p = -reach; p < height + reach; p++) {
                    System.arraycopy(src, Reflect.index(p, height) * width + x0, ls.inputLine(), 0, lanes);
                    float[] out = ls.push();
                    if (out != null) {
                        System.arraycopy(out, 0, dst, (t++) * width + x0, lanes);
                    }
                }
            }
        });
    }
}
