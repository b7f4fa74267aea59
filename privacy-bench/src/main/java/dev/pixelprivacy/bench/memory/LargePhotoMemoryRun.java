package dev.pixelprivacy.bench.memory;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pixelprivacy.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;

/**
 * Peak resident memory of {@code pixel-privacy protect} on one large photo, for each of a few sizes: the
 * memory targets of the project's issue 12 (a 12-megapixel photo within 1.2 GB, a 48-megapixel one within
 * 2.5 GB). For each size it generates a seeded photo-like JPEG (4:3, quality 90: a colour ramp, oriented
 * gratings and pixel noise, so the attack and the PNG encoder see texture), runs the real tool on it in a
 * child JVM with the <b>default JVM settings</b> ({@code java -jar pixel-privacy.jar protect PHOTO --output
 * OUT --jsonl}: the heap sized and grown by the JVM as a user's run would be), reads the child's VmHWM from
 * {@code /proc/<pid>/status} every 20 ms and writes {@code memory-photos.json}:
 * <pre>{"runs": [{"width": 4000, "height": 3000, "megapixels": 12.0, "jpegBytes": ..., "targetMB": 1200,
 *   "peakRssMiB": 764.4, "seconds": 9.1, "command": "..."}, ...]}</pre>
 * Linux only.
 *
 * <p>Run after {@code mvn -B -ntp -q package -DskipTests -pl privacy-bench,examples -am}:
 * <pre>java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.memory.LargePhotoMemoryRun
 *     [--megapixels 12,48] [--jar examples/target/pixel-privacy.jar] [--out memory-photos.json] [--work DIR]
 *     [--keep] [--timeout-minutes 20] [-- PROTECT_OPTIONS...]</pre>
 * Exits 0 on success, 2 on bad options, 1 on any other failure (the child fails or protects nothing).
 */
public final class LargePhotoMemoryRun {
    /** The targets, in MB (10^6 bytes), by megapixels. */
    private static final java.util.Map<Integer, Integer> TARGET_MB = java.util.Map.of(12, 1200, 48, 2500);

    private LargePhotoMemoryRun() {}

    /** One measured photo. */
    record Result(int width, int height, long jpegBytes, double peakRssMiB, double seconds, String command) {
        double megapixels() {
            return width * (double) height / 1e6;
        }

        /** @return the target for this size in MB, or 0 if it names none */
        int targetMB() {
            return TARGET_MB.getOrDefault((int) Math.round(megapixels()), 0);
        }
    }

    /** Settings, validated. */
    record Settings(List<Integer> megapixels, Path jar, Path out, Path work, boolean keep, long timeoutMinutes,
                    List<String> protectOptions) {
        Settings {
            if (megapixels.isEmpty()) {
                throw new IllegalArgumentException("--megapixels needs at least one size");
            }
            for (int mp : megapixels) {
                if (mp < 1 || mp > 100) {
                    throw new IllegalArgumentException("--megapixels must be in [1, 100] but was " + mp);
                }
            }
            if (timeoutMinutes < 1) {
                throw new IllegalArgumentException("--timeout-minutes must be >= 1 but was " + timeoutMinutes);
            }
            megapixels = List.copyOf(megapixels);
            protectOptions = List.copyOf(protectOptions);
        }

        static Settings parse(String... args) {
            List<Integer> mps = List.of(12, 48);
            Path jar = Path.of("examples/target/pixel-privacy.jar");
            Path out = Path.of("memory-photos.json");
            Path work = null;
            boolean keep = false;
            long timeout = 20;
            List<String> extra = new ArrayList<>();
            for (String[] o : ChildRun.options(args, java.util.Set.of("--keep"), extra)) {
                String a = o[0];
                String v = o[1];
                switch (a) {
                    case "--keep" -> keep = true;
                    case "--megapixels" -> {
                        List<Integer> l = new ArrayList<>();
                        for (String p : v.split(",")) {
                            try {
                                l.add(Integer.parseInt(p.trim()));
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException("--megapixels must be integers like 12,48 but was '"
                                        + v + "'");
                            }
                        }
                        mps = l;
                    }
                    case "--jar" -> jar = Path.of(v);
                    case "--out" -> out = Path.of(v);
                    case "--work" -> work = Path.of(v);
                    case "--timeout-minutes" -> {
                        try {
                            timeout = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--timeout-minutes must be an integer but was '" + v + "'");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'; known: --megapixels, "
                            + "--jar, --out, --work, --keep, --timeout-minutes, -- PROTECT_OPTIONS");
                }
            }
            return new Settings(mps, jar, out, work, keep, timeout, extra);
        }
    }

    /**
     * @param args see the class description
     */
    public static void main(String[] args) {
        Settings s = ChildRun.parseOrExit("LargePhotoMemoryRun", () -> Settings.parse(args));
        ChildRun.exitAfter("LargePhotoMemoryRun", () -> {
            List<Result> results = run(s);
            AtomicFiles.writeString(s.out(), toJson(results));
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "LargePhotoMemoryRun: %dx%d (%.0f MP): peak RSS %.1f MiB%s%n", r.width(),
                        r.height(), r.megapixels(), r.peakRssMiB(), r.targetMB() > 0
                                ? String.format(Locale.ROOT, " (target %d MB = %.1f MiB)", r.targetMB(),
                                r.targetMB() * 1e6 / (1 << 20)) : "");
            }
            System.out.println("LargePhotoMemoryRun: wrote " + s.out());
        });
    }

    static List<Result> run(Settings s) throws IOException, InterruptedException {
        Path work = ChildRun.prepare(s.jar(), s.work(), "pixel-privacy-photos-");
        try {
            List<Result> results = new ArrayList<>();
            for (int mp : s.megapixels()) {
                int[] size = size(mp);
                Path photo = work.resolve(String.format(Locale.ROOT, "photo-%dmp.jpg", mp));
                writePhoto(photo, size[0], size[1], mp);
                results.add(measure(s, photo, work.resolve("out-" + mp + "mp"), size[0], size[1]));
                Files.delete(photo);
            }
            return results;
        } finally {
            if (!s.keep()) {
                ProtectMemoryRun.deleteTree(work);
            }
        }
    }

    /** @return width and height of a 4:3 photo of about {@code mp} megapixels, sides multiples of 8 (12: 4000x3000, 48: 8000x6000) */
    static int[] size(int mp) {
        int w = (int) Math.round(Math.sqrt(mp * 1e6 * 4 / 3) / 8) * 8;
        int h = (int) Math.round(w * 3 / 4.0 / 8) * 8;
        return new int[] {w, h};
    }

    /**
     * Writes a seeded photo-like JPEG (quality 90): a colour ramp, four oriented gratings and uniform noise
     * of +-0.03 per sample, row by row into an 8-bit image.
     */
    static void writePhoto(Path file, int w, int h, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int waves = 4;
        // sin(fx x + fy y + phase) = sin(fx x + phase) cos(fy y) + cos(fx x + phase) sin(fy y): tables per axis
        double[][] sx = new double[waves][w];
        double[][] cx = new double[waves][w];
        double[][] cy = new double[waves][h];
        double[][] sy = new double[waves][h];
        double[][] amp = new double[waves][3];
        for (int k = 0; k < waves; k++) {
            double angle = Math.PI * r.nextDouble();
            double cycles = 3 + 60 * r.nextDouble();
            double phase = 2 * Math.PI * r.nextDouble();
            double fx = 2 * Math.PI * cycles * Math.cos(angle) / w;
            double fy = 2 * Math.PI * cycles * Math.sin(angle) / h;
            for (int x = 0; x < w; x++) {
                sx[k][x] = Math.sin(fx * x + phase);
                cx[k][x] = Math.cos(fx * x + phase);
            }
            for (int y = 0; y < h; y++) {
                cy[k][y] = Math.cos(fy * y);
                sy[k][y] = Math.sin(fy * y);
            }
            for (int c = 0; c < 3; c++) {
                amp[k][c] = 0.12 * r.nextDouble();
            }
        }
        double[] base = {0.2 + 0.6 * r.nextDouble(), 0.2 + 0.6 * r.nextDouble(), 0.2 + 0.6 * r.nextDouble()};
        double[] ramp = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = ((double) x / w + (double) y / h) / 2;
                int p = 0;
                for (int c = 0; c < 3; c++) {
                    double v = base[c] + ramp[c] * (t - 0.5);
                    for (int k = 0; k < waves; k++) {
                        v += amp[k][c] * (sx[k][x] * cy[k][y] + cx[k][x] * sy[k][y]);
                    }
                    v += 0.06 * (r.nextDouble() - 0.5);
                    p = (p << 8) | (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                }
                row[x] = p;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (FileImageOutputStream out = new FileImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** The child's command line: default JVM settings, then {@code protect PHOTO --output OUT --jsonl}. */
    static List<String> childCommand(Settings s, Path photo, Path out) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", s.jar().toAbsolutePath().toString(), "protect",
                photo.toString(), "--output", out.toString(), "--jsonl"));
        cmd.addAll(s.protectOptions());
        return cmd;
    }

    private static Result measure(Settings s, Path photo, Path out, int w, int h)
            throws IOException, InterruptedException {
        ChildRun c = ChildRun.run(childCommand(s, photo, out), java.util.Map.of(), s.timeoutMinutes());
        boolean protectedOne = c.lines().stream().anyMatch(l -> l.contains("\"status\":\"protected\""));
        if (c.exitCode() != 0 || !protectedOne || c.peakKiB() == 0) {
            throw new IllegalStateException("the child exited with " + c.exitCode() + (protectedOne ? ""
                    : " without protecting the photo") + "; command: " + c.commandLine() + "\nits output:\n"
                    + c.tail());
        }
        return new Result(w, h, Files.size(photo), c.peakKiB() / 1024.0, c.seconds(), c.commandLine());
    }

    /**
     * @return one object per photo in {@code runs}, in {@link MemoryReport}'s layout, numbers of
     *     megabytes and seconds rounded to 0.1, written by Jackson
     */
    static String toJson(List<Result> results) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = MemoryReport.JSON.createGenerator(w)) {
            g.setPrettyPrinter(new MemoryReport.Layout());
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (Result r : results) {
                g.writeStartObject();
                g.writeNumberField("width", r.width());
                g.writeNumberField("height", r.height());
                g.writeFieldName("megapixels");
                g.writeNumber(MemoryReport.tenths(r.megapixels()));
                g.writeNumberField("jpegBytes", r.jpegBytes());
                g.writeNumberField("targetMB", r.targetMB());
                g.writeFieldName("peakRssMiB");
                g.writeNumber(MemoryReport.tenths(r.peakRssMiB()));
                g.writeFieldName("seconds");
                g.writeNumber(MemoryReport.tenths(r.seconds()));
                g.writeStringField("command", r.command());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string: " + e.getMessage(), e);
        }
        return w.append('\n').toString();
    }
}
