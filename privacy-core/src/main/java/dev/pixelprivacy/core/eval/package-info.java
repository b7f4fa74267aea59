/**
 * Runs attacks over a labelled set of images for a list of budgets and reports, per image and in
 * aggregate, accuracy, aesthetic score and perceptual distance; writable as CSV.
 */
package dev.pixelprivacy.core.eval;
