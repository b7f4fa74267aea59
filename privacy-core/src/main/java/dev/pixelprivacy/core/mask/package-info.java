/**
 * Where a perturbation may go, and how strongly: {@link dev.pixelprivacy.core.mask.PerturbationMask}
 * turns an image into a {@link dev.pixelprivacy.core.image.Mask}. Masks are found by name through
 * {@link java.util.ServiceLoader}: implement {@link dev.pixelprivacy.core.mask.MaskProvider}, declare it
 * in {@code META-INF/services/dev.pixelprivacy.core.mask.MaskProvider} (and in {@code module-info} with
 * {@code provides} if your jar is a named module), and {@link dev.pixelprivacy.core.mask.MaskRegistry}
 * lists it and creates it by name.
 */
package dev.pixelprivacy.core.mask;
