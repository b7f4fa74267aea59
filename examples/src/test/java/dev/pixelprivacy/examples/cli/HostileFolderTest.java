package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * protect, mask and evaluate over a folder of every awkward input a real photo folder holds
 * ({@link HostileFolders#corpus}): each entry is processed or reported with its reason, no input
 * changes, and the exit code says some inputs failed.
 */
class HostileFolderTest {
    @TempDir
    static Path dir;
    static Path in;
    static Map<String, String> before;
    /** Entries that are images the tool can protect. */
    static final List<String> GOOD = List.of("grey-16bit.png", "palette.png", "rgba.png", "grey.png", "rotated.jpg",
            "icc.png", "scan.tif");
    /** Entries that must fail, each with the words its reason must hold. */
    static final Map<String, String> FAILING = Map.ofEntries(
            Map.entry("tiny-1x1.png", "1x1"), Map.entry("tiny-3x3.png", "3x3"), Map.entry("banner-4000x5.png", "4000x5"),
            Map.entry("huge-header.png", "100000x100000"), Map.entry("truncated.png", "truncated"),
            Map.entry("zero-bytes.png", "empty"), Map.entry("random-bytes.png", "not an image"),
            Map.entry("photo.heic", "heif-convert in.heic out.jpg"), Map.entry("sticker.webp", "6x4"));
    /** Entries a folder scan leaves out, each with the words its reason must hold. */
    static final Map<String, String> IGNORED = Map.of("random-bytes.bin", "not an image", "notes.txt", "not an image",
            "link.png", "symbolic link", "sub", "sub-folder");

    @BeforeAll
    static void corpus() throws Exception {
        in = HostileFolders.corpus(Files.createDirectories(dir.resolve("in")));
        before = HostileFolders.fingerprints(in);
    }

    private static void assertEveryEntryAccountedFor(CliRun r, List<String> processed, Map<String, String> failing,
                                                     Map<String, String> ignored) throws Exception {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        for (String name : processed) {
            assertThat(r.out()).as(name + " is processed; errors:\n" + r.err()).contains(in.resolve(name) + ": ");
            assertThat(r.err()).as(name).doesNotContain(in.resolve(name) + ": ");
        }
        for (Map.Entry<String, String> f : failing.entrySet()) {
            String line = r.err().lines().filter(l -> l.startsWith("pixel-privacy: " + in.resolve(f.getKey()) + ": "))
                    .findFirst().orElse("");
            assertThat(line).as(f.getKey() + " is reported with its reason in\n" + r.err()).contains(f.getValue());
        }
        for (Map.Entry<String, String> i : ignored.entrySet()) {
            String line = r.out().lines().filter(l -> l.startsWith(in.resolve(i.getKey()) + ": ignored, "))
                    .findFirst().orElse("");
            assertThat(line).as(i.getKey() + " is listed with its reason in\n" + r.out()).contains(i.getValue());
        }
        assertThat(HostileFolders.fingerprints(in)).as("no input changed").isEqualTo(before);
        try (Stream<Path> s = Files.list(in)) {
            assertThat(s.count()).as("nothing new among the inputs").isEqualTo(before.size() + 1); // + the link; sub/b.png counted in before
        }
    }

    /** Entries the reader may decode or refuse (a CMYK JPEG without a profile): either way, accounted for. */
    static final List<String> EITHER = List.of("cmyk.jpg");

    private static void assertProcessedOrReported(CliRun r, String name) {
        boolean processed = r.out().lines().anyMatch(l -> l.startsWith(in.resolve(name) + ": "));
        boolean reported = r.err().lines().anyMatch(l -> l.startsWith("pixel-privacy: " + in.resolve(name) + ": ")
                && l.length() > ("pixel-privacy: " + in.resolve(name) + ": ").length());
        assertThat(processed || reported).as(name + " in\n" + r.out() + r.err()).isTrue();
    }

    @Test
    void protectProcessesOrReportsEveryEntry() throws Exception {
        Path out = dir.resolve("protected");
        CliRun r = CliRun.of("protect", in.toString(), "-o", out.toString());
        EITHER.forEach(n -> assertProcessedOrReported(r, n));
        Map<String, String> failing = new java.util.HashMap<>(FAILING);
        failing.put("a.png", "would both be written to");
        failing.put("a.jpg", "would both be written to");
        assertEveryEntryAccountedFor(r, GOOD, failing, IGNORED);
        assertThat(r.out()).containsPattern("protected [78], skipped 0, failed 1[12], ignored 4");
        for (String name : GOOD) {
            assertThat(out.resolve(name.replaceFirst("\\.[a-z]+$", ".png"))).exists();
        }
        java.awt.image.BufferedImage upright = javax.imageio.ImageIO.read(out.resolve("rotated.png").toFile());
        assertThat(upright.getWidth()).as("the sideways photo is written upright").isEqualTo(48);
        assertThat(upright.getHeight()).isEqualTo(64);
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void maskProcessesOrReportsEveryEntry() throws Exception {
        CliRun r = CliRun.of("mask", in.toString(), "-o", dir.resolve("masks").toString());
        EITHER.forEach(n -> assertProcessedOrReported(r, n));
        Map<String, String> failing = new java.util.HashMap<>();
        for (String name : List.of("huge-header.png", "truncated.png", "zero-bytes.png", "random-bytes.png", "photo.heic")) {
            failing.put(name, FAILING.get(name));
        }
        failing.put("a.png", "would both be written to");
        failing.put("a.jpg", "would both be written to");
        // Masks need no threat model: tiny images are mapped or refused by the filters, either way reported.
        List<String> tiny = List.of("tiny-1x1.png", "tiny-3x3.png", "banner-4000x5.png");
        for (String t : tiny) {
            assertThat(r.out() + r.err()).as(t).contains(in.resolve(t) + ": ");
        }
        assertEveryEntryAccountedFor(r, GOOD, failing, IGNORED);
    }

    @Test
    void evaluateProcessesOrReportsEveryListedFile() throws Exception {
        Path labelled = Files.createDirectories(dir.resolve("labelled"));
        Path labels = dir.resolve("labels.csv");
        StringBuilder csv = new StringBuilder("file,label\n");
        try (Stream<Path> s = Files.list(in)) {
            s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted()
                    .forEach(p -> csv.append(p.getFileName()).append(",0\n"));
        }
        Files.writeString(labels, csv);
        CliRun r = CliRun.of("evaluate", in.toString(), "--labels", labels.toString(), "-o", labelled.toString(),
                "--eps", "0,8/255");
        Map<String, String> failing = new java.util.HashMap<>(FAILING);
        failing.put("random-bytes.bin", "not an image");
        failing.put("notes.txt", "not an image");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        for (Map.Entry<String, String> f : failing.entrySet()) {
            String line = r.err().lines().filter(l -> l.startsWith("pixel-privacy: " + f.getKey() + ": "))
                    .findFirst().orElse("");
            assertThat(line).as(f.getKey() + " is reported with its reason in\n" + r.err()).contains(f.getValue());
        }
        assertThat(r.out()).contains("21 images listed").containsPattern("1[12] failed");
        assertThat(HostileFolders.fingerprints(in)).isEqualTo(before);
        assertThat(labelled.resolve("summary.csv")).exists();
    }
}
