package dev.pixelprivacy.core.model;

/**
 * The ImageNet per-channel mean and standard deviation (RGB, of [0, 1] pixels) that torchvision's
 * classifiers, the paper's ResNet-50 and its budgets in normalised units are defined with. The one
 * place these numbers live; every accessor returns a fresh copy, so no caller can change them for
 * another.
 */
public final class ImageNetStatistics {
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    private ImageNetStatistics() {}

    /**
     * @param channel 0 red, 1 green, 2 blue
     * @return that channel's mean
     */
    public static double mean(int channel) {
        return MEAN[checked(channel)];
    }

    /**
     * @param channel 0 red, 1 green, 2 blue
     * @return that channel's standard deviation
     */
    public static double std(int channel) {
        return STD[checked(channel)];
    }

    /** @return the three means, RGB (a copy) */
    public static double[] means() {
        return MEAN.clone();
    }

    /** @return the three standard deviations, RGB (a copy) */
    public static double[] stds() {
        return STD.clone();
    }

    /** @return the three means as floats, RGB (a copy) */
    public static float[] meansFloat() {
        return toFloat(MEAN);
    }

    /** @return the three standard deviations as floats, RGB (a copy) */
    public static float[] stdsFloat() {
        return toFloat(STD);
    }

    private static float[] toFloat(double[] v) {
        return new float[] {(float) v[0], (float) v[1], (float) v[2]};
    }

    private static int checked(int channel) {
        if (channel < 0 || channel > 2) {
            throw new IllegalArgumentException("channel must be 0, 1 or 2 but was " + channel);
        }
        return channel;
    }
}
