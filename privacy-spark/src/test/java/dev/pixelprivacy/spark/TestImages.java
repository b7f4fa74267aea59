package dev.pixelprivacy.spark;

import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.examples.demo.SceneGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Seeded procedural scenes of the demo model's four classes, in two sizes. */
final class TestImages {
    private TestImages() {
    }

    /**
     * @param folder where to write
     * @param count how many
     * @return the files, sorted
     */
    static List<Path> write(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % SceneGenerator.CLASSES.size();
            boolean wide = i % 5 == 4; // a second size, so batches break on size
            Path f = folder.resolve(String.format(Locale.ROOT, "img-%02d.png", i));
            ImageFiles.writePng(SceneGenerator.scene(label, wide ? 80 : 64, wide ? 48 : 64, 1000L + i), f);
            files.add(f);
        }
        return files;
    }

    /** @return corrupt files beside good ones: truncated PNG, text named .jpg, empty, random bytes */
    static List<Path> writeCorrupt(Path folder, Path goodPng) throws IOException {
        byte[] good = Files.readAllBytes(goodPng);
        List<Path> files = new ArrayList<>();
        files.add(Files.write(folder.resolve("bad-truncated.png"), java.util.Arrays.copyOf(good, good.length / 3)));
        files.add(Files.writeString(folder.resolve("bad-text.jpg"), "this is not a photo\n"));
        files.add(Files.write(folder.resolve("bad-empty.png"), new byte[0]));
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        files.add(Files.write(folder.resolve("bad-noise.gif"), noise));
        return files;
    }
}
