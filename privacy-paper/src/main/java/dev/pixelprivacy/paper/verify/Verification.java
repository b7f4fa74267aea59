package dev.pixelprivacy.paper.verify;

import dev.pixelprivacy.core.metrics.ColourDifference;
import java.util.List;

/**
 * The check of one protected file: every judge's verdict after the chain, and what the written file
 * costs against the original (measured before the chain, on the file as written).
 *
 * @param chain the chain's spec, e.g. {@code resize:1080:lanczos,jpeg:75}
 * @param verdicts one per judge, in the verifier's order
 * @param psnr PSNR of the written file against the original, dB (infinite if identical)
 * @param ssim SSIM of the written file against the original, NaN below 11x11 pixels
 * @param ciede2000 CIEDE2000 colour difference of the written file against the original
 */
public record Verification(String chain, List<JudgeVerdict> verdicts, double psnr, double ssim,
                           ColourDifference ciede2000) {
    /** Copies the list. */
    public Verification {
        verdicts = List.copyOf(verdicts);
    }

    /** @return how many judges' classes changed */
    public int changedCount() {
        int n = 0;
        for (JudgeVerdict v : verdicts) {
            n += v.changed() ? 1 : 0;
        }
        return n;
    }

    /** @return whether there is at least one judge and every judge's class changed */
    public boolean allChanged() {
        return !verdicts.isEmpty() && changedCount() == verdicts.size();
    }
}
