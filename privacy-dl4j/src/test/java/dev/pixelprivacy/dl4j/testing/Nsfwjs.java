package dev.pixelprivacy.dl4j.testing;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The trained TF.js layers models of the npm package {@code nsfwjs@4.4.0} (MIT), which
 * {@code scripts/fetch-nsfwjs.sh} (run by the test command) fetches with {@code npm pack} and caches.
 * The tarball is located by the system property {@code pixelprivacy.nsfwjs}, checked by its sha256,
 * and each model's {@code .min.js} bundles (the model.json object and base64 weight shards, as nsfwjs
 * ships them) are written out as a plain {@code model.json} and binary shards. Nothing in the package
 * is executed: the bundles are read as text.
 */
public final class Nsfwjs {
    /** sha256 of nsfwjs-4.4.0.tgz as the npm registry serves it. */
    public static final String SHA256 = "585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382";

    private static final Pattern EXPORTS = Pattern.compile("\\{1:\\[function\\((\\w+),(\\w+),(\\w+)\\)\\{\\2\\.exports=");
    private static final JsonMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS).build();

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
        Path tgz = tarball();
        byte[] all = Files.readAllBytes(tgz);
        String sha = sha256(all);
        if (!sha.equals(SHA256)) {
            throw new IllegalStateException(tgz + " has sha256 " + sha + ", not nsfwjs@4.4.0's " + SHA256);
        }
        String prefix = "package/dist/models/" + model + "/";
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(all))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = cString(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String ustarPrefix = cString(header, 345, 155);
                if (!ustarPrefix.isEmpty()) {
                    name = ustarPrefix + "/" + name;
                }
                long size = Long.parseLong(cString(header, 124, 12).trim(), 8);
                byte[] body = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (name.startsWith(prefix) && name.endsWith(".min.js")) {
                    files.put(name.substring(prefix.length()), body);
                }
            }
        }
        byte[] modelJs = files.get("model.min.js");
        if (modelJs == null) {
            throw new IllegalStateException(tgz + " holds no " + prefix + "model.min.js");
        }
        JsonNode modelJson = LENIENT.readTree(literal(new String(modelJs, StandardCharsets.UTF_8)));
        Files.createDirectories(dir);
        for (JsonNode group : modelJson.path("weightsManifest")) {
            for (JsonNode path : group.path("paths")) {
                String shard = path.asText();
                byte[] js = files.get(shard + ".min.js");
                if (js == null) {
                    throw new IllegalStateException(tgz + " holds no " + prefix + shard + ".min.js");
                }
                String text = literal(new String(js, StandardCharsets.UTF_8));
                Files.write(dir.resolve(shard), Base64.getDecoder().decode(text.substring(1, text.length() - 1)));
            }
        }
        Path out = dir.resolve("model.json");
        Files.writeString(out, LENIENT.writeValueAsString(modelJson));
        return out;
    }

    /** The value the bundle's module exports, as text: an object literal or a string literal. */
    private static String literal(String js) {
        Matcher m = EXPORTS.matcher(js);
        if (!m.find()) {
            throw new IllegalStateException("not an nsfwjs model bundle: no module.exports of module 1");
        }
        int start = m.end();
        int end = js.lastIndexOf("},{}]},{},[1])(1)");
        if (end < start) {
            throw new IllegalStateException("not an nsfwjs model bundle: no end of module 1");
        }
        String v = js.substring(start, end).trim();
        if (v.endsWith(";")) {
            v = v.substring(0, v.length() - 1);
        }
        // minified booleans; no layer name or string in these configs contains "!0" or "!1"
        return v.startsWith("\"") ? v : v.replace("!0", "true").replace("!1", "false");
    }

    private static String cString(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
