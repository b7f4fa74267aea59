/**
 * Reading and writing images with {@code javax.imageio} only, and atomic file writes.
 *
 * <ul>
 *   <li>{@link dev.pixelprivacy.core.io.ImageFiles}: PNG, JPEG, BMP and GIF (and the JDK's other
 *       formats) into {@link dev.pixelprivacy.core.image.RgbImage}, refusing damaged files and
 *       decompression bombs with an {@link dev.pixelprivacy.core.io.UnreadableImageException}; 8-bit
 *       PNG and JPEG out, written atomically and never over the source.
 *   <li>{@link dev.pixelprivacy.core.io.ImageReadOptions} and
 *       {@link dev.pixelprivacy.core.io.AlphaHandling}: the pixel limit and what becomes of alpha.
 *   <li>{@link dev.pixelprivacy.core.io.ImageConversions}: {@link java.awt.image.BufferedImage} to and
 *       from {@link dev.pixelprivacy.core.image.RgbImage}, for other modules.
 *   <li>{@link dev.pixelprivacy.core.io.AtomicFiles}: outputs go to a temporary file in the target
 *       folder and are renamed into place, so a crash never leaves a half-written file.
 * </ul>
 */
package dev.pixelprivacy.core.io;
