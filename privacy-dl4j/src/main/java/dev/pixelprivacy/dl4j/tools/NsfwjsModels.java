package dev.pixelprivacy.dl4j.tools;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pixelprivacy.core.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Writes out the trained TensorFlow.js layers models of the npm package {@code nsfwjs@4.4.0} (MIT) as
 * plain {@code model.json} files with their binary weight shards, which the Keras import and every
 * {@code --threat-model}/{@code --judge} option read:
 * <pre>
 * NsfwjsModels nsfwjs-4.4.0.tgz DIR      (writes DIR/mobilenet_v2/model.json and DIR/inception_v3/model.json)
 * </pre>
 * The tarball is what {@code scripts/fetch-nsfwjs.sh} fetches with {@code npm pack}; it is checked by
 * its sha256. nsfwjs ships each model as {@code .min.js} bundles (the model.json object and base64
 * weight shards as module exports); they are read as text, nothing in the package is executed. The
 * MobileNetV2 takes 224x224 and the InceptionV3 299x299 RGB in [0, 1]; five classes (Drawing, Hentai,
 * Neutral, Porn, Sexy). Exit status 0 on success, 1 if the tarball is not nsfwjs 4.4.0 or cannot be
 * read, 2 for bad arguments.
 */
public final class NsfwjsModels {
    /** sha256 of nsfwjs-4.4.0.tgz as the npm registry serves it. */
    public static final String SHA256 = "585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382";

    /** The layers models in the package, by their folder name. */
    public static final List<String> MODELS = List.of("mobilenet_v2", "inception_v3");

    private static final Pattern EXPORTS = Pattern.compile("\\{1:\\[function\\((\\w+),(\\w+),(\\w+)\\)\\{\\2\\.exports=");
    private static final JsonMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS).build();

    private NsfwjsModels() {}

    /** @param args the tarball and the output folder */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the tarball and the output folder
     * @param out where the written model.json paths go
     * @param err where errors go
     * @return the exit status (0, 1 or 2, see the class documentation)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: NsfwjsModels nsfwjs-4.4.0.tgz DIR");
            return 2;
        }
        try {
            for (String m : MODELS) {
                out.println(extract(Path.of(args[0]), m, Path.of(args[1]).resolve(m)));
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /**
     * @param tgz the nsfwjs-4.4.0 tarball
     * @param model the model folder in the package: one of {@link #MODELS}
     * @param dir where to write model.json and the shards (created; each file written atomically,
     *     {@link AtomicFiles})
     * @return the model.json written
     * @throws IOException if the tarball cannot be read or the folder written
     * @throws IllegalArgumentException if the tarball is not nsfwjs 4.4.0's, naming its sha256, or the model
     *     is not one of {@link #MODELS}
     */
    public static Path extract(Path tgz, String model, Path dir) throws IOException {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("nsfwjs has no layers model '" + model + "'; it has " + MODELS);
        }
        byte[] all = Files.readAllBytes(tgz);
        String sha = sha256(all);
        if (!sha.equals(SHA256)) {
            throw new IllegalArgumentException(tgz + " has sha256 " + sha + ", not nsfwjs@4.4.0's " + SHA256);
        }
        String prefix = "package/dist/models/" + model + "/";
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(all)))) {
            for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
                if (e.isFile() && e.getName().startsWith(prefix) && e.getName().endsWith(".min.js")) {
                    files.put(e.getName().substring(prefix.length()), tar.readAllBytes());
                }
            }
        }
        byte[] modelJs = files.get("model.min.js");
        if (modelJs == null) {
            throw new IllegalArgumentException(tgz + " holds no " + prefix + "model.min.js");
        }
        JsonNode modelJson = LENIENT.readTree(literal(new String(modelJs, StandardCharsets.UTF_8), tgz));
        Files.createDirectories(dir);
        for (JsonNode group : modelJson.path("weightsManifest")) {
            for (JsonNode path : group.path("paths")) {
                String shard = path.asText();
                byte[] js = files.get(shard + ".min.js");
                if (js == null) {
                    throw new IllegalArgumentException(tgz + " holds no " + prefix + shard + ".min.js");
                }
                String text = literal(new String(js, StandardCharsets.UTF_8), tgz);
                byte[] weights = Base64.getDecoder().decode(text.substring(1, text.length() - 1));
                AtomicFiles.write(dir.resolve(shard), o -> o.write(weights));
            }
        }
        Path out = dir.resolve("model.json");
        AtomicFiles.write(out, o -> o.write(LENIENT.writeValueAsBytes(modelJson)));
        return out;
    }

    /** The value the bundle's module exports, as text: an object literal or a string literal. */
    private static String literal(String js, Path tgz) {
        Matcher m = EXPORTS.matcher(js);
        if (!m.find()) {
            throw new IllegalArgumentException("not an nsfwjs model bundle in " + tgz + ": no module.exports of module 1");
        }
        int start = m.end();
        int end = js.lastIndexOf("},{}]},{},[1])(1)");
        if (end < start) {
            throw new IllegalArgumentException("not an nsfwjs model bundle in " + tgz + ": no end of module 1");
        }
        String v = js.substring(start, end).trim();
        if (v.endsWith(";")) {
            v = v.substring(0, v.length() - 1);
        }
        // minified booleans; no layer name or string in these configs contains "!0" or "!1"
        return v.startsWith("\"") ? v : v.replace("!0", "true").replace("!1", "false");
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
