package dev.pixelprivacy.examples.demo;

import dev.pixelprivacy.core.io.AtomicFiles;
import dev.pixelprivacy.core.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the sample images of {@code examples/samples/} and their {@code labels.csv}: two 256x256
 * scenes per demo class, from fixed seeds. Run: {@code java -cp examples/target/pixel-privacy.jar
 * dev.pixelprivacy.examples.demo.GenerateSamples examples/samples}.
 */
public final class GenerateSamples {
    /** Seeds of the samples, away from the training seeds (10000 and up). */
    static final long[] SEEDS = {1, 2};

    private GenerateSamples() {}

    /**
     * @param args the output folder
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GenerateSamples OUTPUT_DIR");
        }
        Path dir = Path.of(args[0]);
        StringBuilder labels = new StringBuilder("file,label\n");
        for (int label = 0; label < SceneGenerator.CLASSES.size(); label++) {
            for (long seed : SEEDS) {
                String name = SceneGenerator.CLASSES.get(label) + "-" + seed + ".png";
                ImageFiles.writePng(SceneGenerator.scene(label, 256, 256, seed), dir.resolve(name));
                labels.append(name).append(',').append(label).append('\n');
            }
        }
        AtomicFiles.writeString(dir.resolve("labels.csv"), labels.toString());
    }
}
