package dev.pixelprivacy.core.mask;

import dev.pixelprivacy.core.image.Mask;
import java.util.List;

/** A provider registered only in test resources, to test discovery from another jar. */
public final class CheckerboardMaskProvider implements MaskProvider {
    @Override
    public String name() {
        return "checkerboard";
    }

    @Override
    public String description() {
        return "alternating cells of 1 and 0";
    }

    @Override
    public List<MaskOption> options() {
        return List.of(new MaskOption("cell", "cell size in pixels, >= 1", "8"));
    }

    @Override
    public PerturbationMask create(MaskOptions options) {
        int cell = (int) options.getDouble("cell", 8, 1, 4096, true);
        return image -> {
            float[] m = new float[image.width() * image.height()];
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    m[y * image.width() + x] = ((x / cell) + (y / cell)) % 2 == 0 ? 1f : 0f;
                }
            }
            return Mask.of(image.width(), image.height(), m);
        };
    }
}
