/**
 * Reading and writing images with {@code javax.imageio} only, and atomic file writes.
 *
 * <ul>
 *   <li>{@link dev.pixelprivacy.core.io.ImageFiles}: PNG, JPEG, BMP, GIF and TIFF (and formats of
 *       plugins on the class path) into {@link dev.pixelprivacy.core.image.RgbImage} or a
 *       {@link dev.pixelprivacy.core.io.DecodedImage} (upright, sRGB, with its alpha plane and frame
 *       count), refusing damaged files, HEIF/HEIC and decompression bombs with an
 *       {@link dev.pixelprivacy.core.io.UnreadableImageException}; a probe by content
 *       ({@link dev.pixelprivacy.core.io.ImageProbe}); 8-bit PNG (with alpha) and JPEG out, written
 *       atomically and never over the source.
 *   <li>{@link dev.pixelprivacy.core.io.ExifOrientation}: the Exif orientation tag, parsed and applied.
 *   <li>{@link dev.pixelprivacy.core.io.ImageReadOptions} and
 *       {@link dev.pixelprivacy.core.io.AlphaHandling}: the pixel limit and what becomes of alpha.
 *   <li>{@link dev.pixelprivacy.core.io.ImageConversions}: {@link java.awt.image.BufferedImage} to and
 *       from {@link dev.pixelprivacy.core.image.RgbImage}, for other modules.
 *   <li>{@link dev.pixelprivacy.core.io.AtomicFiles}: outputs go to a temporary file in the target
 *       folder and are renamed into place, so a crash never leaves a half-written file.
 * </ul>
 */
package dev.pixelprivacy.core.io;
