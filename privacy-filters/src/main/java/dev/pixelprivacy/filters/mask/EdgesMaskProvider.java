package dev.pixelprivacy.filters.mask;

import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.PerturbationMask;
import java.util.List;

/** Provides the flat-area-gated edge map under the name {@code edges}. Options: sigma, blur, threads. */
public final class EdgesMaskProvider implements MaskProvider {
    /** The registered name. */
    public static final String NAME = "edges";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public EdgesMaskProvider() {
        // cheap: the mask is built in create()
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the paper's edge map with flat areas (below its mean) removed, min-max normalised";
    }

    @Override
    public List<MaskOption> options() {
        return List.of(ProviderOptions.SIGMA, ProviderOptions.BLUR, ProviderOptions.THREADS);
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        return SalientDefenceMask.edges(ProviderOptions.edgeMap(options), ProviderOptions.parallelism(options));
    }
}
