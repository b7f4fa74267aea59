package dev.pixelprivacy.paper.reference;

import dev.pixelprivacy.core.attack.AttackGoal;
import dev.pixelprivacy.core.attack.AttackResult;
import dev.pixelprivacy.core.image.ImageFilter;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.mask.PerturbationMask;
import dev.pixelprivacy.core.model.ImageNetStatistics;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.OutputEncoding;
import dev.pixelprivacy.core.protect.ProtectionResult;

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
    private final ImageFilter preprocess;

    /**
     * @param model the threat model
     * @param attack the reference FGSM (with or without mask and coupling)
     * @param mask the Salient Defence map for the attack and the tilt-shift, or null for none
     * @param tiltShift whether to apply the reference tilt-shift (needs a mask)
     * @param encoding the output file's encoding (JPEG 75 for the reference code)
     * @param preprocess applied to each photo first (the task's resize to 256x256), or null for none
     */
    public ReferenceCodePipeline(ThreatModel model, ReferenceCodeFgsm attack, PerturbationMask mask, boolean tiltShift,
                                 OutputEncoding encoding, ImageFilter preprocess) {
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
        this.preprocess = preprocess;
    }

    /**
     * As the reference code ran it on a labelled photo: it reads the class from a forward pass of its
     * own (the reference FGSM takes no label from its gradient call).
     */
    @Override
    public ProtectionResult protect(RgbImage image) {
        RgbImage input = prepared(image);
        return protectPrepared(input, model.predict(input).label());
    }

    @Override
    public ProtectionResult protect(RgbImage image, int trueLabel) {
        return protectPrepared(prepared(image), trueLabel);
    }

    private RgbImage prepared(RgbImage image) {
        if (image == null) {
            throw new IllegalArgumentException("image must not be null");
        }
        return preprocess == null ? image : preprocess.apply(image);
    }

    private ProtectionResult protectPrepared(RgbImage image, int trueLabel) {
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
        return ReferenceCodeFgsm.globalMinMax(ReferenceCodeFgsm.normalised(image, ImageNetStatistics.means(),
                ImageNetStatistics.stds()), image.width(), image.height());
    }

    @Override
    public String toString() {
        return "ReferenceCodePipeline[attack=" + attack + ", tiltShift=" + tiltShift + ", encoding=" + encoding
                + ", preprocess=" + (preprocess == null ? "none" : preprocess.describe()) + "]";
    }
}
