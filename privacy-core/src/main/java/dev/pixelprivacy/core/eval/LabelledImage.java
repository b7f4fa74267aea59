package dev.pixelprivacy.core.eval;

import dev.pixelprivacy.core.image.RgbImage;
import java.io.IOException;

/**
 * One item of a labelled set, loaded lazily so a large folder is never held in memory at once and
 * an unreadable file is reported instead of ending the run.
 */
public interface LabelledImage {

    /** @return an identifier for reports (a file name, say) */
    String id();

    /** @return the true class index, &gt;= 0 */
    int label();

    /**
     * @return the image, RGB in [0, 1]
     * @throws IOException if it cannot be read
     */
    RgbImage load() throws IOException;

    /**
     * @param id identifier
     * @param image the image, already in memory
     * @param label true class
     * @return the item
     */
    static LabelledImage of(String id, RgbImage image, int label) {
        if (label < 0) {
            throw new IllegalArgumentException("label of " + id + " must be >= 0 but was " + label);
        }
        return new LabelledImage() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public int label() {
                return label;
            }

            @Override
            public RgbImage load() {
                return image;
            }
        };
    }
}
