package dev.pixelprivacy.paper.batch;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.paper.verify.Verification;
import java.util.Objects;

/**
 * What became of one {@link ImageInput}: the protected image encoded as a file, the predictions and
 * the size of the change, or why it failed.
 *
 * @param name the input's name
 * @param contentHash SHA-256 of the input's bytes, 64 hex digits
 * @param status protected or failed
 * @param error why it failed (names the input), or null
 * @param before the threat model's top-1 on the (resized) input, or null if it failed
 * @param beforeName the class name of {@code before}, or null
 * @param after the threat model's top-1 on the image as written, or null if it failed
 * @param afterName the class name of {@code after}, or null
 * @param linf255 L-infinity of the change in 8-bit levels, NaN if it failed
 * @param psnr PSNR in dB between input and output, NaN if it failed
 * @param ssim SSIM between input and output, NaN if it failed
 * @param encoded the output file's bytes, or null if it failed
 * @param extension the output file's extension with its dot ({@code .png}, {@code .jpg}), or null
 * @param notice something the user should know that did not stop the image (e.g. only the first
 *     frame of an animation was protected), or null
 * @param cause the exception behind {@code error}, for a caller that words failures itself, or null
 * @param images the images behind the outcome when the processor was asked to keep them (for a
 *     report page), or null
 * @param verification when the settings verify ({@link ProtectionSettings#verifies()}): each judge's class
 *     before and after the platform's chain ({@link ProtectionSettings#chain()}) and the written file's
 *     PSNR, SSIM and CIEDE2000 against the input as protected; null otherwise and for a failure
 */
public record ImageOutcome(String name, String contentHash, Status status, String error, Prediction before,
                           String beforeName, Prediction after, String afterName, double linf255, double psnr,
                           double ssim, byte[] encoded, String extension, String notice, Throwable cause,
                           Images images, Verification verification) {

    /**
     * The images of one protected input.
     *
     * @param input the input as protected (decoded, upright, resized by {@code --size})
     * @param written the image as a reader of the written file sees it
     * @param mask the perturbation mask, or null for none
     */
    public record Images(RgbImage input, RgbImage written, Mask mask) {
    }

    /** Whether an image was protected. */
    public enum Status {
        /** Protected and encoded. */
        PROTECTED,
        /** Not readable or not protectable; {@link ImageOutcome#error()} says why. */
        FAILED;

        /** @return the lower-case name used in result tables */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param name the input's name
     * @param contentHash SHA-256 of its bytes
     * @param status protected or failed
     * @param error why it failed
     * @param before prediction before
     * @param beforeName its class name
     * @param after prediction after
     * @param afterName its class name
     * @param linf255 L-infinity in 8-bit levels
     * @param psnr PSNR in dB
     * @param ssim SSIM
     * @param encoded the output's bytes
     * @param extension the output's extension
     * @param notice a notice, or null
     * @param cause the failure's exception, or null
     * @param images the images kept, or null
     * @param verification the verdicts, or null
     */
    public ImageOutcome {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(status, "status");
    }

    /**
     * An outcome without verification.
     *
     * @param name the input's name
     * @param contentHash SHA-256 of its bytes
     * @param status protected or failed
     * @param error why it failed
     * @param before prediction before
     * @param beforeName its class name
     * @param after prediction after
     * @param afterName its class name
     * @param linf255 L-infinity in 8-bit levels
     * @param psnr PSNR in dB
     * @param ssim SSIM
     * @param encoded the output's bytes
     * @param extension the output's extension
     * @param notice a notice, or null
     * @param cause the failure's exception, or null
     * @param images the images kept, or null
     */
    public ImageOutcome(String name, String contentHash, Status status, String error, Prediction before,
                        String beforeName, Prediction after, String afterName, double linf255, double psnr, double ssim,
                        byte[] encoded, String extension, String notice, Throwable cause, Images images) {
        this(name, contentHash, status, error, before, beforeName, after, afterName, linf255, psnr, ssim, encoded,
                extension, notice, cause, images, null);
    }

    /**
     * @param v the verdicts on this outcome's written file
     * @param images the images to keep (null to drop them)
     * @return this outcome with the verification and those images
     */
    ImageOutcome verified(Verification v, Images images) {
        return new ImageOutcome(name, contentHash, status, error, before, beforeName, after, afterName, linf255, psnr,
                ssim, encoded, extension, notice, cause, images, v);
    }

    /**
     * @param name the input's name
     * @param contentHash SHA-256 of its bytes, or empty when it could not be read
     * @param error why it failed, naming the input
     * @param notice a notice, or null
     * @param cause the exception behind it, or null
     * @return a failed outcome: no predictions, metrics, file or verification
     */
    public static ImageOutcome failed(String name, String contentHash, String error, String notice, Throwable cause) {
        return new ImageOutcome(name, contentHash, Status.FAILED, error, null, null, null, null, Double.NaN,
                Double.NaN, Double.NaN, null, null, notice, cause, null);
    }
}
