/**
 * Root package of pixel-privacy core: the module-wide exception type. The API lives in the
 * sub-packages: {@code image} (types), {@code io} (files), {@code model} (network interfaces),
 * {@code mask} (where perturbations may go), {@code attack} (the attacks), {@code metrics} and
 * {@code eval}.
 */
package dev.pixelprivacy.core;
