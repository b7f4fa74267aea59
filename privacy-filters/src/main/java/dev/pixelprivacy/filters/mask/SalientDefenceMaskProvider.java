package dev.pixelprivacy.filters.mask;

import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.PerturbationMask;
import java.util.List;

/** Provides the Salient Defence map (spectral-residual saliency unless a model is passed) under the name {@code salient-defence}. Options: sigma, blur, threads, saliency, saliency-size. */
public final class SalientDefenceMaskProvider implements MaskProvider {
    /** The registered name. */
    public static final String NAME = "salient-defence";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public SalientDefenceMaskProvider() {
        // cheap: the mask is built in create()
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Salient Defence: reverse saliency where the image is textured, zero on salient and flat areas";
    }

    @Override
    public List<MaskOption> options() {
        return List.of(ProviderOptions.SIGMA, ProviderOptions.BLUR, ProviderOptions.THREADS, ProviderOptions.SALIENCY, ProviderOptions.SALIENCY_SIZE);
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        return SalientDefenceMask.salientDefence(ProviderOptions.edgeMap(options), ProviderOptions.saliency(options),
                ProviderOptions.parallelism(options));
    }
}
