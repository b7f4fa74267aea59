/**
 * One configured object that protects images end to end: optional resize, mask, attack (plain or
 * Coupled Optimisation), optional post-filter such as tilt-shift, and the output quantisation; the
 * reported prediction is the one on the final image.
 */
package dev.pixelprivacy.core.protect;
