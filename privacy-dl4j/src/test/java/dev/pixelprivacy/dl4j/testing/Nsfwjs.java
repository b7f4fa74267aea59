package dev.pixelprivacy.dl4j.testing;

import dev.pixelprivacy.dl4j.tools.NsfwjsModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The trained TF.js layers models of the npm package {@code nsfwjs@4.4.0} (MIT), which
 * {@code scripts/fetch-nsfwjs.sh} (run by the test command) fetches with {@code npm pack} and caches.
 * The tarball is located by the system property {@code pixelprivacy.nsfwjs}, checked by its sha256,
 * and each model is written out by {@link NsfwjsModels}.
 */
public final class Nsfwjs {
    /** sha256 of nsfwjs-4.4.0.tgz as the npm registry serves it. */
    public static final String SHA256 = NsfwjsModels.SHA256;

    private Nsfwjs() {}

    /** @return the cached tarball; fails (never skips) when it is missing or not the expected one */
    public static Path tarball() {
        String p = System.getProperty("pixelprivacy.nsfwjs");
        if (p == null || p.isBlank() || !Files.isRegularFile(Path.of(p))) {
            throw new IllegalStateException("the nsfwjs@4.4.0 tarball is missing (system property pixelprivacy.nsfwjs = " + p
                    + "); run scripts/fetch-nsfwjs.sh (the test command scripts/test.sh does)");
        }
        return Path.of(p);
    }

    /**
     * @param model the model folder in the package: {@code mobilenet_v2} or {@code inception_v3}
     * @param dir where to write model.json and the shards
     * @return the model.json written
     * @throws IOException if the tarball cannot be read
     */
    public static Path extract(String model, Path dir) throws IOException {
        return NsfwjsModels.extract(tarball(), model, dir);
    }
}
