package dev.pixelprivacy.core.eval;

/**
 * One image under one attack at one budget.
 *
 * @param attack the attack's name in the evaluation
 * @param epsilon the budget's label, e.g. {@code 8.0/255}
 * @param epsilonPixels the budget's largest per-channel value, [0, 1] pixel units
 * @param imageId the image's identifier
 * @param label its true class
 * @param scoreBefore aesthetic score of the clean image, NaN without a scorer
 * @param floating the attack's float output, before any encoding
 * @param written the image as written (8-bit PNG rounding by default)
 */
public record EvaluationRow(String attack, String epsilon, double epsilonPixels, String imageId, int label,
                            double scoreBefore, Measurement floating, Measurement written) {}
