package dev.pixelprivacy.filters.mask;

import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.PerturbationMask;
import java.util.List;

/** Provides the reverse saliency map under the name {@code inverse-saliency}. Options: saliency, saliency-size. */
public final class InverseSaliencyMaskProvider implements MaskProvider {
    /** The registered name. */
    public static final String NAME = "inverse-saliency";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public InverseSaliencyMaskProvider() {
        // cheap: the mask is built in create()
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "1 - saliency: perturb where people do not look";
    }

    @Override
    public List<MaskOption> options() {
        return List.of(ProviderOptions.SALIENCY, ProviderOptions.SALIENCY_SIZE);
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        return SalientDefenceMask.inverseSaliency(ProviderOptions.saliency(options));
    }
}
