package dev.pixelprivacy.core.eval;

/**
 * Aggregates of one attack at one budget over the evaluated images.
 *
 * @param attack the attack's name
 * @param epsilon the budget's label
 * @param epsilonPixels the budget's largest per-channel value, pixel units
 * @param images number of images evaluated (those the model got right when clean, by default)
 * @param accuracy top-1 accuracy on the images as written
 * @param accuracyFloat top-1 accuracy on the float outputs
 * @param meanScoreBefore mean aesthetic score of the clean images (NaN without a scorer)
 * @param meanScoreAfter mean aesthetic score of the images as written (NaN without a scorer)
 * @param meanPsnr mean PSNR of the images as written, over the finite values (NaN if none)
 * @param meanSsim mean SSIM of the images as written
 * @param meanLinf255 mean L-infinity in 8-bit levels, images as written
 * @param maxLinf255 largest L-infinity in 8-bit levels, images as written
 * @param meanCiede2000 mean over images of their mean CIEDE2000 colour difference, images as written
 */
public record EvaluationSummary(String attack, String epsilon, double epsilonPixels, int images, double accuracy,
                                double accuracyFloat, double meanScoreBefore, double meanScoreAfter,
                                double meanPsnr, double meanSsim, double meanLinf255, double maxLinf255,
                                double meanCiede2000) {}
