/**
 * Reading and writing images with {@code javax.imageio} only, and atomic file writes: outputs go to
 * a temporary file in the target folder and are renamed into place, so a crash never leaves a
 * half-written file and an input is never overwritten.
 */
package dev.pixelprivacy.core.io;
