package dev.pixelprivacy.core.mask;

import java.util.List;

/** Provides {@link UniformMask} under the name {@code uniform}. */
public final class UniformMaskProvider implements MaskProvider {
    /** The registered name. */
    public static final String NAME = "uniform";

    /** Called by {@link java.util.ServiceLoader}. */
    public UniformMaskProvider() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the same strength at every pixel (plain, unconcealed perturbation)";
    }

    @Override
    public List<MaskOption> options() {
        return List.of(new MaskOption("value", "strength at every pixel, in [0, 1]", "1"));
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        return new UniformMask((float) options.getDouble("value", 1.0, 0.0, 1.0, true));
    }
}
