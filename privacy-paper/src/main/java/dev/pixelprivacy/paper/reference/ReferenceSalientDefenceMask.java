package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.filters.Parallelism;
import dev.pixelprivacy.filters.SalientDefenceMap;
import dev.pixelprivacy.filters.mask.SalientDefenceMask;

/**
 * The Salient Defence map as the reference code built it: {@code minmax((1 - S) * [E >= mean(E)])}
 * with the reference code's edge map ({@link ReferenceEdgeMap}) as E.
 */
public final class ReferenceSalientDefenceMask {
    private ReferenceSalientDefenceMask() {}

    /**
     * @param saliency S
     * @param par threads
     * @return the mask; immutable, and thread-safe if the saliency model is
     */
    public static PerturbationMask of(SaliencyModel saliency, Parallelism par) {
        if (saliency == null || par == null) {
            throw new IllegalArgumentException("saliency and parallelism must not be null");
        }
        PerturbationMask reverse = SalientDefenceMask.inverseSaliency(saliency);
        String description = "salient-defence-reference[" + saliency + "]";
        return new PerturbationMask() {
            @Override
            public Mask compute(RgbImage image) {
                return SalientDefenceMap.combine(reverse.compute(image), ReferenceEdgeMap.compute(image, par));
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
