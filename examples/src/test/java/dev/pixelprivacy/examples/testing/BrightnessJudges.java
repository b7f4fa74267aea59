package dev.pixelprivacy.examples.testing;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.paper.verify.Judge;
import java.util.Arrays;
import java.util.List;

/**
 * Judges whose verdict is known in closed form: a linear two-class model on images of one size that
 * says class 1 ("bright") when the mean sample exceeds level {@code 100 + k - 0.5}, for flat grey photos
 * of level 100 that a "protection" brightens by a known number of levels.
 */
public final class BrightnessJudges {
    private BrightnessJudges() {}

    /**
     * @param side the side of the (square) images it takes
     * @param level the grey level, 0..255
     * @return a flat grey image
     */
    public static RgbImage grey(int side, int level) {
        return RgbImage.filled(side, side, level / 255f, level / 255f, level / 255f);
    }

    /**
     * @param name the judge's name
     * @param side the side of the square images it takes
     * @param k the brightening, in levels above 100, from which it says "bright"
     * @return the judge, class names "dim" and "bright"
     */
    public static Judge brighterThan(String name, int side, int k) {
        int len = 3 * side * side;
        float[][] w = new float[2][len];
        Arrays.fill(w[1], 1f / len);
        return new Judge(name, new LinearSoftmaxModel(w, new float[] {(100 + k - 0.5f) / 255f, 0f}), List.of("dim", "bright"));
    }
}
