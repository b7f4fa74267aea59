/**
 * Root package of pixel-privacy core: {@link dev.pixelprivacy.core.PixelPrivacyException}, the base of
 * every failure of the library itself, and {@link dev.pixelprivacy.core.Arguments}, the argument checks
 * every module shares. The API lives in the
 * sub-packages: {@code image} (types), {@code io} (files), {@code model} (network interfaces),
 * {@code mask} (where perturbations may go), {@code attack} (the attacks), {@code metrics} and
 * {@code eval}.
 */
package dev.pixelprivacy.core;
