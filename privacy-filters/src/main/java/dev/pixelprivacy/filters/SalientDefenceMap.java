package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.image.Mask;

/**
 * The Salient Defence map of METHOD.md 2.3: {@code M = minmax(R * [E >= mean(E)])}, with R the
 * reverse saliency (1 - S) and E the edge map. M is 0 on salient and on flat areas and 1 where the
 * gated reverse saliency peaks.
 */
public final class SalientDefenceMap {
    private SalientDefenceMap() {}

    /**
     * @param reverseSaliency R in [0, 1]
     * @param edges E in [0, 1], same size
     * @return M in [0, 1] (all zeros if {@code R * gate} is constant)
     * @throws IllegalArgumentException if the sizes differ
     */
    public static Mask combine(Mask reverseSaliency, Mask edges) {
        if (reverseSaliency.width() != edges.width() || reverseSaliency.height() != edges.height()) {
            throw new IllegalArgumentException("reverse saliency is " + reverseSaliency.width() + "x"
                    + reverseSaliency.height() + " but the edge map is " + edges.width() + "x" + edges.height());
        }
        float[] r = reverseSaliency.data();
        float[] e = edges.data();
        float mean = (float) edges.mean();
        float[] m = new float[r.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = e[i] >= mean ? r[i] : 0f;
        }
        return Mask.minMaxNormalised(edges.width(), edges.height(), m);
    }
}
