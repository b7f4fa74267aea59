package dev.pixelprivacy.core.metrics;

/**
 * A per-pixel colour difference summarised over an image: CIEDE2000 units, where about 1 is the
 * smallest difference an observer notices side by side and above 2 to 3 it is plain to see.
 *
 * @param mean the mean over all pixels (unchanged pixels count as 0)
 * @param max the largest over all pixels
 */
public record ColourDifference(double mean, double max) {}
