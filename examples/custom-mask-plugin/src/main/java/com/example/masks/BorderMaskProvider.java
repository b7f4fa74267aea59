package com.example.masks;

import dev.pixelprivacy.core.image.Mask;
import dev.pixelprivacy.core.mask.MaskOption;
import dev.pixelprivacy.core.mask.MaskOptions;
import dev.pixelprivacy.core.mask.MaskProvider;
import dev.pixelprivacy.core.mask.PerturbationMask;
import java.util.List;

/**
 * The {@code border} mask: full strength in a frame along the picture's edges, where the eye rarely
 * rests, fading linearly to zero over {@code softness} of the frame's width towards the centre.
 */
public final class BorderMaskProvider implements MaskProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public BorderMaskProvider() {
        // stateless; work happens in create()
    }

    @Override
    public String name() {
        return "border";
    }

    @Override
    public String description() {
        return "perturb only a frame along the picture's edges";
    }

    @Override
    public List<MaskOption> options() {
        return List.of(
                new MaskOption("width", "frame width as a fraction of the shorter side, in (0, 0.5]", "0.15"),
                new MaskOption("softness", "fraction of the frame over which strength fades to 0, in [0, 1]", "0.5"));
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        double width = options.getDouble("width", 0.15, 0.0, 0.5, false);
        double softness = options.getDouble("softness", 0.5, 0.0, 1.0, true);
        return image -> {
            int w = image.width();
            int h = image.height();
            double frame = width * Math.min(w, h);
            double hard = frame * (1 - softness);
            float[] m = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // distance in pixels from the nearest edge, measured at pixel centres
                    double d = Math.min(Math.min(x + 0.5, w - x - 0.5), Math.min(y + 0.5, h - y - 0.5));
                    double v;
                    if (d <= hard) {
                        v = 1;
                    } else if (d >= frame) {
                        v = 0;
                    } else {
                        v = (frame - d) / (frame - hard);
                    }
                    m[y * w + x] = (float) v;
                }
            }
            return Mask.of(w, h, m);
        };
    }
}
