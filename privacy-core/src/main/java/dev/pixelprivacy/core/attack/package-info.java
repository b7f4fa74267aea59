/**
 * The attacks: pure arithmetic on gradients from a {@link dev.pixelprivacy.core.model.ThreatModel}.
 * FGSM, I-FGSM/BIM, PGD and MI-FGSM, untargeted or targeted, L-infinity, each with an optional
 * per-pixel mask and an option that makes the result hold up after 8-bit rounding. Budgets are
 * {@link dev.pixelprivacy.core.attack.Epsilon}s in [0, 1] pixel units.
 */
package dev.pixelprivacy.core.attack;
