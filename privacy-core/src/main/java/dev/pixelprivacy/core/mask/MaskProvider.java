package dev.pixelprivacy.core.mask;

import java.util.List;

/**
 * Service-provider interface for {@link PerturbationMask}s, found by {@link java.util.ServiceLoader}.
 * An implementation needs a public no-argument constructor, must be cheap to construct (heavy work
 * belongs in {@link #create}), and is registered in
 * {@code META-INF/services/dev.pixelprivacy.core.mask.MaskProvider}.
 */
public interface MaskProvider {

    /** @return the name users select it by: lower-case letters, digits and dashes, e.g. {@code edges} */
    String name();

    /** @return one sentence saying what the mask does */
    String description();

    /** @return the options {@link #create} accepts; others are refused by the registry */
    List<MaskOption> options();

    /**
     * @param options values for some of {@link #options()}; the rest take their defaults
     * @return a ready mask
     * @throws IllegalArgumentException for an option value out of range, naming it
     */
    PerturbationMask create(MaskOptions options);
}
