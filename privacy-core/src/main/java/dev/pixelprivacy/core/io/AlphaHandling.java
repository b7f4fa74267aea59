package dev.pixelprivacy.core.io;

/**
 * What becomes of an alpha (transparency) channel when an image is turned into an opaque
 * {@link dev.pixelprivacy.core.image.RgbImage}. Immutable. Either way the alpha itself is not lost:
 * {@link DecodedImage#alpha()} holds it, and
 * {@link ImageFiles#writePng(dev.pixelprivacy.core.image.RgbImage, dev.pixelprivacy.core.image.Mask,
 * java.nio.file.Path, java.nio.file.Path)} writes it back.
 *
 * <ul>
 *   <li>{@link #drop()} (the default): keep the colour samples and ignore alpha, as PIL's
 *       {@code Image.convert("RGB")} does; this is what the MediaEval Pixel Privacy tooling fed its
 *       classifiers, so fully transparent pixels keep whatever colour the file stores for them.
 *   <li>{@link #compositeOver(float, float, float)}: blend over a background colour,
 *       {@code out = alpha * colour + (1 - alpha) * background}, alpha in [0, 1], so a fully
 *       transparent pixel becomes the background and an opaque one keeps its colour exactly.
 * </ul>
 */
public final class AlphaHandling {
    private static final AlphaHandling DROP = new AlphaHandling(false, 0f, 0f, 0f);

    private final boolean composite;
    private final float red;
    private final float green;
    private final float blue;

    private AlphaHandling(boolean composite, float red, float green, float blue) {
        this.composite = composite;
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    /** @return the policy that ignores alpha (PIL's {@code convert("RGB")}) */
    public static AlphaHandling drop() {
        return DROP;
    }

    /**
     * @param red background red in [0, 1]
     * @param green background green in [0, 1]
     * @param blue background blue in [0, 1]
     * @return the policy that composites over that background
     * @throws IllegalArgumentException if a component is outside [0, 1] or NaN (the message names it)
     */
    public static AlphaHandling compositeOver(float red, float green, float blue) {
        requireUnit("red", red);
        requireUnit("green", green);
        requireUnit("blue", blue);
        return new AlphaHandling(true, red, green, blue);
    }

    private static void requireUnit(String name, float v) {
        if (!(v >= 0f && v <= 1f)) {
            throw new IllegalArgumentException("background " + name + " must be in [0, 1] but was " + v);
        }
    }

    /** @return true if alpha is composited over the background, false if it is dropped */
    public boolean isComposite() {
        return composite;
    }

    /** @return background red in [0, 1]; 0 when alpha is dropped */
    public float backgroundRed() {
        return red;
    }

    /** @return background green in [0, 1]; 0 when alpha is dropped */
    public float backgroundGreen() {
        return green;
    }

    /** @return background blue in [0, 1]; 0 when alpha is dropped */
    public float backgroundBlue() {
        return blue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlphaHandling other
                && composite == other.composite
                && Float.compare(red, other.red) == 0
                && Float.compare(green, other.green) == 0
                && Float.compare(blue, other.blue) == 0;
    }

    @Override
    public int hashCode() {
        int h = Boolean.hashCode(composite);
        h = 31 * h + Float.hashCode(red);
        h = 31 * h + Float.hashCode(green);
        return 31 * h + Float.hashCode(blue);
    }

    @Override
    public String toString() {
        return composite
                ? "AlphaHandling[compositeOver=(" + red + ", " + green + ", " + blue + ")]"
                : "AlphaHandling[drop]";
    }
}
