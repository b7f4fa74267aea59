package dev.pixelprivacy.core.eval;

/**
 * What one perturbed image looks like to the threat model, the scorer and the metrics.
 *
 * @param prediction the threat model's top-1 class
 * @param correct whether that is the true class
 * @param score aesthetic score, NaN without a scorer
 * @param psnr PSNR against the clean image in dB (infinite if identical)
 * @param ssim SSIM against the clean image, NaN for images smaller than SSIM's 11x11 window
 * @param linf255 largest sample change in 8-bit levels
 * @param l2 Euclidean norm of the change, [0, 1] pixel units
 * @param ciede2000 mean CIEDE2000 colour difference against the clean image
 */
public record Measurement(int prediction, boolean correct, double score, double psnr, double ssim,
                          double linf255, double l2, double ciede2000) {}
