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
public final class SalGanSaliency implements SaliencyModel {
    private final NetworkCache networks;
    private final Preprocessing preprocessing;

    /**
     * @param model a network whose output is [1, 1, h, w] (or [1, h, w])
     * @param preprocessing its input spec
     */
    public SalGanSaliency(OnnxModel model, Preprocessing preprocessing) {
        this.networks = new NetworkCache(model);
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
    }

    @Override
    public Mask saliency(RgbImage image) {
        Objects.requireNonNull(image, "image");
        long[] shape = preprocessing.inputShape(1, image.width(), image.height());
        var net = networks.get(shape, null);
        long[] os = net.outputShape();
        long pixels = os[os.length - 1] * os[os.length - 2];
        if (pixels != net.outputLength()) {
            throw new IllegalArgumentException("a saliency network needs a one-channel map output but this one outputs "
                    + Arrays.toString(os));
        }
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

    @Override
    public String toString() {
        return "SalGanSaliency[" + preprocessing + "]";
    }
}
