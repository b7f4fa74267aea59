package dev.pixelprivacy.filters.mask;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.filters.EdgeMap;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.SalientDefenceMap;

/**
 * The masks of this module as {@link PerturbationMask}s. Each is immutable and thread-safe if its
 * saliency model is.
 */
public final class SalientDefenceMask {
    private SalientDefenceMask() {}

    /**
     * @param edges edge map settings
     * @param par threads
     * @return {@code minmax(E * [E >= mean(E)])}: the edge map with flat areas removed
     */
    public static PerturbationMask edges(EdgeMap edges, Parallelism par) {
        return named("edges[" + edges + "]", image -> EdgeMap.flatAreasRemoved(edges.compute(image, par)));
    }

    /**
     * @param edges edge map settings
     * @param saliency S
     * @param par threads
     * @return M = {@code minmax((1 - S) * [E >= mean(E)])} (METHOD.md 2.3)
     */
    public static PerturbationMask salientDefence(EdgeMap edges, SaliencyModel saliency, Parallelism par) {
        return named("salient-defence[" + edges + ", " + saliency + "]",
                image -> SalientDefenceMap.combine(reverse(saliency, image), edges.compute(image, par)));
    }

    /**
     * @param saliency S
     * @return {@code 1 - S}
     */
    public static PerturbationMask inverseSaliency(SaliencyModel saliency) {
        return named("inverse-saliency[" + saliency + "]", image -> reverse(saliency, image));
    }

    private static Mask reverse(SaliencyModel saliency, RgbImage image) {
        Mask s = saliency.saliency(image);
        s.requireSizeOf(image);
        return s.inverted();
    }

    private static PerturbationMask named(String description, PerturbationMask body) {
        return new PerturbationMask() {
            @Override
            public Mask compute(RgbImage image) {
                return body.compute(image);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
