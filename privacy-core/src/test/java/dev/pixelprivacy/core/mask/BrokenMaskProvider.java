package dev.pixelprivacy.core.mask;

import java.util.List;

/** A provider whose constructor fails, as a provider with a missing dependency would. */
public final class BrokenMaskProvider implements MaskProvider {
    /** Always fails. */
    public BrokenMaskProvider() {
        throw new IllegalStateException("model file not found");
    }

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public String description() {
        return "never constructed";
    }

    @Override
    public List<MaskOption> options() {
        return List.of();
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        throw new AssertionError("unreachable");
    }
}
