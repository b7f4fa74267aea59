package dev.pixelprivacy.filters.methods;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.ReferenceCodeFgsm;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.filters.ReferenceTiltShift;

/**
 * The authors' reference pipeline (compatibility mode), one image at a time, as their
 * {@code salient_defence_inference.py} and {@code coupled_optimization_inference.py} ran it:
 *
 * <ol>
 *   <li>{@link ReferenceCodeFgsm}: the step on the normalised tensor, unclipped, written as its
 *       global min-max;
 *   <li>without tilt-shift, that image as a JPEG (quality 75) is the output, and their accuracy was
 *       measured on the unclipped tensor, which [0, 1] images cannot hold, so the float output here
 *       is the min-max image;
 *   <li>with tilt-shift: that JPEG is read back, {@link ReferenceTiltShift} blurs it through the
 *       dithered Salient Defence map, their accuracy was measured on that tilt-shifted image (the
 *       float output here), and the file written is the global min-max of its normalised tensor, as a
 *       JPEG.
 * </ol>
 *
 * The JPEG encoder is ImageIO's, not libjpeg's through PIL, so JPEG bytes differ slightly from theirs.
 */
public final class ReferenceCodePipeline implements ImageProtection {
    private final ThreatModel model;
    private final ReferenceCodeFgsm attack;
    private final PerturbationMask mask;
    private final boolean tiltShift;
    private final OutputEncoding encoding;

    /**
     * @param model the threat model
     * @param attack the reference FGSM (with or without mask and coupling)
     * @param mask the Salient Defence map for the attack and the tilt-shift, or null for none
     * @param tiltShift whether to apply the reference tilt-shift (needs a mask)
     * @param encoding the output file's encoding (JPEG 75 for the reference code)
     */
    public ReferenceCodePipeline(ThreatModel model, ReferenceCodeFgsm attack, PerturbationMask mask, boolean tiltShift,
                                 OutputEncoding encoding) {
        if (model == null || attack == null || encoding == null) {
            throw new IllegalArgumentException("model, attack and encoding must not be null");
        }
        if (tiltShift && mask == null) {
            throw new IllegalArgumentException("the reference tilt-shift needs the Salient Defence map as its mask");
        }
        this.model = model;
        this.attack = attack;
        this.mask = mask;
        this.tiltShift = tiltShift;
        this.encoding = encoding;
    }

    @Override
    public ProtectionResult protect(RgbImage image, int trueLabel) {
        Mask m = mask == null ? null : mask.compute(image);
        AttackResult r = attack.attack(image, AttackGoal.untargeted(trueLabel), m);
        if (!tiltShift) {
            RgbImage written = encoding.apply(r.image());
            return new ProtectionResult(image, r.image(), written, m, r.before(), model.predict(written), trueLabel, r);
        }
        RgbImage reread = encoding.apply(r.image().quantised8Bit());
        RgbImage tilted = ReferenceTiltShift.apply(reread, m);
        RgbImage written = encoding.apply(globalMinMaxOfNormalised(tilted));
        return new ProtectionResult(image, tilted, written, m, r.before(), model.predict(written), trueLabel, r);
    }

    /** {@code minmax((x - mean) / std)} over all channels with ImageNet statistics, as their save step did. */
    static RgbImage globalMinMaxOfNormalised(RgbImage image) {
        return ReferenceCodeFgsm.globalMinMax(ReferenceCodeFgsm.normalised(image, Epsilon.IMAGENET_MEAN,
                Epsilon.IMAGENET_STD), image.width(), image.height());
    }

    @Override
    public String toString() {
        return "ReferenceCodePipeline[attack=" + attack + ", tiltShift=" + tiltShift + ", encoding=" + encoding + "]";
    }
}
