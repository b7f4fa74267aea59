package dev.pixelprivacy.dl4j.model;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.SaliencyModel;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SalGAN-style saliency network as a {@link SaliencyModel} (METHOD.md section 2): the image is
 * preprocessed per the spec (for SalGAN {@link Preprocessing#salgan()}), the network's one-channel
 * map is min-max normalised to [0, 1] and resized back to the image's size bilinearly.
 *
 * <p>Thread-safe: one SameDiff network per thread and input size (see {@link OnnxThreatModel} for
 * what each thread keeps).
 */
public final class SalGanSaliency implements SaliencyModel, AutoCloseable {
    private final NetworkCache networks;
    private final Preprocessing preprocessing;

    /**
     * @param model a network whose output is [1, 1, h, w] (or [1, h, w])
     * @param preprocessing its input spec
     * @throws IllegalArgumentException if the model's declared input is not [N, 3, H, W], it does not
     *     run on the input the preprocessing gives it, or its output is not a
     *     one-channel map ([1, 1, h, w] or [1, h, w]); the message says what was expected
     */
    public SalGanSaliency(OnnxModel model, Preprocessing preprocessing) {
        this.networks = new NetworkCache(model);
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        NetworkCache.checkDeclaredInput(model, ROLE);
        if (preprocessing.fixesInputSize()) {
            // A fixed input size: the one network every image will use is built and checked now.
            long[] shape = {1, 3, preprocessing.inputHeight(1), preprocessing.inputWidth(1)};
            requireMap(networks.probe(shape, ROLE).outputShape());
        }
    }

    private static final String ROLE = "a saliency network (one-channel map [1, 1, h, w] out)";

    private static void requireMap(long[] os) {
        boolean map = (os.length == 4 && os[0] == 1 && os[1] == 1) || (os.length == 3 && os[0] == 1);
        if (!map) {
            throw new IllegalArgumentException(ROLE + " outputs a one-channel map [1, 1, h, w] or [1, h, w] but this "
                    + "model outputs " + Arrays.toString(os) + (os.length == 2 ? " (a classifier's output?)" : ""));
        }
    }

    @Override
    public Mask saliency(RgbImage image) {
        Objects.requireNonNull(image, "image");
        long[] shape = preprocessing.inputShape(1, image.width(), image.height());
        var net = networks.get(shape, null);
        long[] os = net.outputShape();
        requireMap(os);
        float[] map = net.output(preprocessing.apply(ImageBatch.of(image)));
        int mh = (int) os[os.length - 2];
        int mw = (int) os[os.length - 1];
        Mask normalised = Mask.minMaxNormalised(mw, mh, map);
        if (mw == image.width() && mh == image.height()) {
            return normalised;
        }
        Interpolation ix = Interpolation.of(mw, image.width());
        Interpolation iy = Interpolation.of(mh, image.height());
        float[] out = new float[image.width() * image.height()];
        iy.resizePlane(normalised.data(), 0, mw, mh, ix, new float[mh * image.width()], out, 0);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(1f, Math.max(0f, out[i])); // bilinear weights sum to 1; clamp rounding
        }
        return Mask.of(image.width(), image.height(), out);
    }

    /**
     * Frees the native memory of every network this saliency model has built, on every thread; idempotent.
     * A later call fails with {@link IllegalStateException} naming the model.
     */
    @Override
    public void close() {
        networks.close();
    }

    @Override
    public String toString() {
        return "SalGanSaliency[" + preprocessing + "]";
    }
}
