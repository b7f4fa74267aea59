package dev.pixelprivacy.core.mask;

import java.util.List;

/** A provider whose name breaks the naming rule. */
public final class BadNameMaskProvider implements MaskProvider {
    @Override
    public String name() {
        return "Bad Name";
    }

    @Override
    public String description() {
        return "invalid name";
    }

    @Override
    public List<MaskOption> options() {
        return List.of();
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        return new UniformMask(1f);
    }
}
