/**
 * One configured object that protects images end to end, {@link dev.pixelprivacy.core.protect.Protector}:
 * optional resize, the mask and attack of a configured {@link dev.pixelprivacy.core.attack.SignGradientAttack}
 * (plain or Coupled Optimisation), an optional {@link dev.pixelprivacy.core.protect.PostFilter} such as
 * tilt-shift, and the {@link dev.pixelprivacy.core.protect.OutputEncoding}; the reported prediction is the
 * one on the final image.
 */
package dev.pixelprivacy.core.protect;
