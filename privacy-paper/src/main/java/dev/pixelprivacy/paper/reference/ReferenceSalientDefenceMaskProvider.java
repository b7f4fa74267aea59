package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.filters.mask.ProviderOptions;
import java.util.List;

/** Provides the Salient Defence map with the reference code's edge map under the name {@code salient-defence-reference}. Options: threads, saliency, saliency-size. */
public final class ReferenceSalientDefenceMaskProvider implements MaskProvider {
    /** The registered name. */
    public static final String NAME = "salient-defence-reference";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public ReferenceSalientDefenceMaskProvider() {
        // cheap: the mask is built in create()
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Salient Defence with the authors' reference-code edge map (3-D Sobel on the normalised tensor)";
    }

    @Override
    public List<MaskOption> options() {
        return List.of(ProviderOptions.THREADS, ProviderOptions.SALIENCY, ProviderOptions.SALIENCY_SIZE);
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        return ReferenceSalientDefenceMask.of(ProviderOptions.saliency(options), ProviderOptions.parallelism(options));
    }
}
