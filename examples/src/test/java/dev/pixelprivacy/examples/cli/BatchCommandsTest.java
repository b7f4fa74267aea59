package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.examples.demo.DemoModel;
import dev.pixelprivacy.examples.demo.TestOnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: the tool on real batches. Each test names the defect it pins down. */
class BatchCommandsTest {

    private static Path sample(Path dir, String name, String as) throws Exception {
        return Files.copy(Path.of("samples", name), dir.resolve(as));
    }

    // 1. Data loss

    @Test
    void maskRefusesToWriteAMapOverAnInputThatIsNamedLikeIt(@TempDir Path dir) throws Exception {
        sample(dir, "beach-1.png", "a.png");
        sample(dir, "forest-1.png", "a-mask.png");
        Map<String, String> before = HostileFolders.fingerprints(dir);
        CliRun r = CliRun.of("mask", dir.toString(), "-o", dir.toString(), "--mask", "uniform");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(dir.resolve("a.png") + ": output " + dir.resolve("a-mask.png") + " is an input");
        assertThat(HostileFolders.fingerprints(dir)).containsAllEntriesOf(before);
        assertThat(dir.resolve("a-mask-mask.png")).as("the other input is still mapped").exists();
    }

    @Test
    void evaluateRefusesTheImageFolderAsItsOutputBeforeAnyWork(@TempDir Path dir) throws Exception {
        sample(dir, "beach-1.png", "accuracy.png");
        Files.writeString(dir.resolve("summary.md"), "my notes\n");
        Files.writeString(dir.resolve("labels.csv"), "file,label\naccuracy.png,0\n");
        Map<String, String> before = HostileFolders.fingerprints(dir);
        CliRun r = CliRun.of("evaluate", dir.toString(), "-o", dir.toString(), "--eps", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is the image folder");
        assertThat(HostileFolders.fingerprints(dir)).isEqualTo(before);
        // The same listed image reached through another spelling of the folder is refused too.
        Path out = dir.resolve("tables");
        Files.createDirectories(out);
        Files.copy(dir.resolve("accuracy.png"), out.resolve("accuracy.png"));
        Files.writeString(dir.resolve("labels.csv"), "file,label\ntables/accuracy.png,0\n");
        CliRun nested = CliRun.of("evaluate", dir.toString(), "-o", dir.resolve("tables/../tables").toString(), "--eps", "0");
        assertThat(nested.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(nested.err()).contains("accuracy.png is an input");
    }

    @Test
    void protectRefusesTwoInputsWithOneOutputAndGoesOnWithTheRest(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        HostileFolders.png(in.resolve("a.png"), 64, 64, 1);
        HostileFolders.write(HostileFolders.picture(java.awt.image.BufferedImage.TYPE_INT_RGB, 64, 64, 2), "jpeg",
                in.resolve("a.jpg"));
        HostileFolders.png(in.resolve("b.png"), 64, 64, 3);
        CliRun r = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(in.resolve("a.jpg") + ": it and " + in.resolve("a.png") + " would both be written to");
        assertThat(r.err()).contains(in.resolve("a.png") + ": it and " + in.resolve("a.jpg"));
        assertThat(r.out()).contains("protected 1, skipped 0, failed 2, ignored 0");
        assertThat(dir.resolve("out/a.png")).doesNotExist();
    }

    // 2. One bad image stops the batch

    @Test
    void imagesBelowTheModelsMinimumAreRefusedByNameAndSizeAndTheBatchGoesOn(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        sample(in, "beach-1.png", "beach-1.png");
        HostileFolders.png(in.resolve("tiny.png"), 3, 3, 1);
        HostileFolders.png(in.resolve("banner.png"), 4000, 5, 2);
        int min = DemoModel.shared().threatModel().minimumInputSide();
        assertThat(min).as("the demo CNN: conv 4/4 then three 2x2 pools").isEqualTo(32);
        for (String[] extra : new String[][] {{}, {"--mask", "salient-defence", "--tilt-shift"}}) {
            String[] args = concat(new String[] {"protect", in.toString(), "-o", dir.resolve("out" + extra.length).toString()},
                    extra);
            CliRun r = CliRun.of(args);
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).contains(in.resolve("tiny.png") + ": image is 3x3 pixels", "needs at least 32x32");
            assertThat(r.err()).contains(in.resolve("banner.png") + ": image is 4000x5 pixels");
            assertThat(r.out()).contains("protected 1, skipped 0, failed 2");
        }
        Files.writeString(in.resolve("labels.csv"), "file,label\nbeach-1.png,0\ntiny.png,0\nmissing.png,0\n");
        CliRun ev = CliRun.of("evaluate", in.toString(), "-o", dir.resolve("ev").toString(), "--eps", "0,8/255");
        assertThat(ev.code()).as(ev.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ev.err()).contains("tiny.png: image is 3x3 pixels").contains("missing.png: file ")
                .contains("missing.png does not exist");
        assertThat(ev.out()).contains("3 images listed, 0 misclassified when clean (left out), 2 failed");
    }

    @Test
    void anOversizedSizeIsAUsageErrorNamingTheLimit(@TempDir Path dir) throws Exception {
        sample(dir, "beach-1.png", "a.png");
        CliRun r = CliRun.of("protect", dir.resolve("a.png").toString(), "-o", dir.resolve("out").toString(), "--size",
                "100000");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--size must be in [1, 10000]").contains("100000");
        CliRun small = CliRun.of("protect", dir.resolve("a.png").toString(), "-o", dir.resolve("out").toString(), "--size",
                "16");
        assertThat(small.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(small.err()).contains("--size 16 is below the threat model's minimum input of 32x32");
        Files.writeString(dir.resolve("labels.csv"), "file,label\na.png,0\n");
        CliRun ev = CliRun.of("evaluate", dir.toString(), "-o", dir.resolve("ev").toString(), "--size", "100000");
        assertThat(ev.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(ev.err()).contains("--size must be in [1, 10000] but was 100000");
    }

    // 3. Formats skipped in silence

    @Test
    void everyEntryOfAFolderIsProcessedOrListedWithItsReason(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        HostileFolders.png(in.resolve("a.png"), 64, 64, 1);
        Files.write(in.resolve("photo.heic"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'});
        Files.writeString(in.resolve("notes.txt"), "hello");
        Files.createSymbolicLink(in.resolve("link.png"), in.resolve("a.png").toAbsolutePath());
        HostileFolders.png(Files.createDirectories(in.resolve("sub/deeper")).resolve("b.png"), 64, 64, 2);
        CliRun r = CliRun.of("protect", in.toString(), "-o", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(in.resolve("photo.heic") + ": ");
        assertThat(r.out()).contains(in.resolve("notes.txt") + ": ignored, not an image")
                .contains(in.resolve("link.png") + ": ignored, a symbolic link")
                .contains(in.resolve("sub") + ": ignored, a sub-folder (use --recursive")
                .contains("protected 1, skipped 0, failed 1, ignored 3");

        CliRun rec = CliRun.of("protect", in.toString(), "-o", dir.resolve("rec").toString(), "--recursive");
        assertThat(rec.out()).contains("protected 2, skipped 0, failed 1, ignored 2");
        assertThat(dir.resolve("rec/sub/deeper/b.png")).exists();

        Path only = Files.createDirectories(dir.resolve("only"));
        Files.writeString(only.resolve("notes.txt"), "hello");
        CliRun none = CliRun.of("protect", only.toString(), "-o", dir.resolve("none").toString());
        assertThat(none.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.err()).contains("nothing to protect");
        assertThat(none.out()).contains("protected 0, skipped 0, failed 0, ignored 1");
    }

    // 4. Resume by content

    @Test
    void theManifestRecordsEachInputsSha256ReadOnceByTheProcessorWithAndWithoutOverlap(@TempDir Path dir)
            throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path a = sample(in, "beach-1.png", "a.png");
        Path b = sample(in, "forest-1.png", "b.png");
        for (String[] mode : new String[][] {{}, {"--batch", "1", "--no-overlap"}}) {
            Path out = dir.resolve("out" + mode.length);
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("protect", in.toString(), "-o",
                    out.toString()));
            args.addAll(java.util.List.of(mode));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            String manifest = Files.readString(out.resolve(RunManifest.FILE_NAME));
            // the hashes an independent digest of the files gives
            assertThat(manifest).as(String.join(" ", mode))
                    .contains("\"sha256\":\"" + HostileFolders.sha256(Files.readAllBytes(a)) + "\"")
                    .contains("\"sha256\":\"" + HostileFolders.sha256(Files.readAllBytes(b)) + "\"");
            CliRun again = CliRun.of(args.toArray(String[]::new));
            assertThat(again.out()).as("the recorded hashes let a rerun skip both").contains("protected 0, skipped 2");
        }
    }

    @Test
    void aRerunKeepsTheReportWholeAndRedoesAnInputWhoseContentChanged(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        sample(in, "beach-1.png", "chelsea.png");
        sample(in, "forest-1.png", "other.png");
        Path out = dir.resolve("out");
        Path report = dir.resolve("report");
        Files.createDirectories(out);
        Path stale = Files.writeString(out.resolve(".chelsea.png.123456789.tmp"), "left by a killed run");
        CliRun first = CliRun.of("protect", in.toString(), "-o", out.toString(), "--report", report.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(stale).doesNotExist();
        assertThat(first.out()).contains(stale + ": removed");
        String page = Files.readString(report.resolve("index.html"));
        assertThat(page.split("<section class=\"image\">", -1)).hasSize(3);

        CliRun second = CliRun.of("protect", in.toString(), "-o", out.toString(), "--report", report.toString());
        assertThat(second.out()).contains("protected 0, skipped 2, failed 0");
        assertThat(Files.readString(report.resolve("index.html"))).as("the resumed run's page still shows both")
                .isEqualTo(page);

        // Another image under the same name is read and protected, not skipped by its name.
        Files.copy(Path.of("samples", "desert-1.png"), in.resolve("chelsea.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun third = CliRun.of("protect", in.toString(), "-o", out.toString());
        assertThat(third.out()).contains("protected 1, skipped 1, failed 0");
        // Other settings redo everything.
        CliRun fourth = CliRun.of("protect", in.toString(), "-o", out.toString(), "--eps", "4/255");
        assertThat(fourth.out()).contains("protected 2, skipped 0, failed 0");
        java.util.List<String> lines = Files.readAllLines(out.resolve(RunManifest.FILE_NAME));
        assertThat(lines).allMatch(l -> l.contains("\"sha256\":") && l.contains("\"settings\":")
                && l.contains("\"status\":\"protected\""));
        assertThat(lines.stream().map(l -> l.replaceAll(".*\"output\":\"([^\"]*)\".*", "$1")).distinct())
                .containsExactlyInAnyOrder("chelsea.png", "other.png");
        assertThat(lines).as("compacted at the start of the run, one line appended per image").hasSize(4);
        // A file the tool did not write is never replaced without --overwrite.
        Files.writeString(out.resolve("mine.png"), "user's file");
        sample(in, "night-city-1.png", "mine.png");
        CliRun fifth = CliRun.of("protect", in.toString(), "-o", out.toString(), "--eps", "4/255");
        assertThat(fifth.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(fifth.err()).contains("mine.png exists but " + RunManifest.FILE_NAME + " does not record it");
        assertThat(Files.readString(out.resolve("mine.png"))).isEqualTo("user's file");
    }

    // 5. Output format

    @Test
    void jpegOutputIsAJpegWithoutMetadataAndTheReportedPredictionIsTheWrittenFiles(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        sample(in, "forest-1.png", "forest-1.png");
        HostileFolders.write(javax.imageio.ImageIO.read(Path.of("samples", "beach-1.png").toFile()), "jpeg",
                in.resolve("beach.jpeg"));
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("protect", in.toString(), "-o", out.toString(), "--format", "jpeg", "--quality", "75", "--jsonl");
        assertThat(r.code()).as(r.err()).isZero();
        Path jpg = out.resolve("forest-1.jpg");
        byte[] bytes = Files.readAllBytes(jpg);
        assertThat(bytes[0] & 0xff).isEqualTo(0xff);
        assertThat(bytes[1] & 0xff).isEqualTo(0xd8);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
        int label = DemoModel.shared().threatModel().predict(ImageFiles.read(jpg)).label();
        String line = r.out().lines().filter(l -> l.contains("forest-1.png")).findFirst().orElseThrow();
        assertThat(line).contains("\"format\":\"jpeg\"").contains("\"after\":{\"label\":" + label + ",");
        assertThat(out.resolve("beach.jpeg")).exists();

        CliRun same = CliRun.of("protect", in.toString(), "-o", dir.resolve("same").toString(), "--format", "same");
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(dir.resolve("same/forest-1.png")).exists();
        assertThat(dir.resolve("same/beach.jpeg")).exists();
        CliRun bad = CliRun.of("protect", in.toString(), "-o", dir.resolve("x").toString(), "--format", "webp");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--format must be png, jpeg or same but was 'webp'");
    }

    // 5b. Batched, overlapped: the same run as one image at a time

    @Test
    void batchingAndOverlapChangeNoByteNoLineAndNoOrder(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 7; i++) { // one batch of four and a carried-over rest, sizes interleaved
            HostileFolders.png(in.resolve("a" + i + ".png"), 72, 56, i);
        }
        HostileFolders.png(in.resolve("a3b.png"), 64, 64, 9);
        Files.write(in.resolve("a4b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}); // corrupt, mid-batch
        HostileFolders.write(javax.imageio.ImageIO.read(Path.of("samples", "beach-1.png").toFile()), "jpeg",
                in.resolve("a5b.jpg")); // --format same: a JPEG output among PNGs, its prediction on the JPEG

        CliRun one = CliRun.of("protect", in.toString(), "-o", dir.resolve("one").toString(), "--format", "same",
                "--jsonl", "--batch", "1", "--no-overlap");
        CliRun many = CliRun.of("protect", in.toString(), "-o", dir.resolve("many").toString(), "--format", "same",
                "--jsonl", "--batch", "4");

        assertThat(one.code()).isEqualTo(ExitCodes.BAD_INPUT); // the corrupt file
        assertThat(many.code()).isEqualTo(one.code());
        assertThat(many.out().replace(dir.resolve("many").toString(), "OUT"))
                .isEqualTo(one.out().replace(dir.resolve("one").toString(), "OUT"));
        assertThat(many.err()).isEqualTo(one.err()).contains("a4b.png");
        assertThat(one.out()).contains("\"protected\":9,\"skipped\":0,\"failed\":1");
        try (var files = Files.list(dir.resolve("one"))) {
            for (Path f : files.toList()) {
                assertThat(Files.readAllBytes(dir.resolve("many").resolve(f.getFileName().toString())))
                        .as(f.getFileName().toString()).isEqualTo(Files.readAllBytes(f));
            }
        }
        // A rerun skips every output and fails the corrupt file again: lines in the same order either way (with
        // overlap they are written by the thread behind the networks).
        CliRun oneAgain = CliRun.of("protect", in.toString(), "-o", dir.resolve("one").toString(), "--format", "same",
                "--jsonl", "--batch", "1", "--no-overlap");
        CliRun manyAgain = CliRun.of("protect", in.toString(), "-o", dir.resolve("many").toString(), "--format",
                "same", "--jsonl", "--batch", "4");
        assertThat(oneAgain.out()).contains("\"protected\":0,\"skipped\":9,\"failed\":1");
        assertThat(manyAgain.out().replace(dir.resolve("many").toString(), "OUT"))
                .isEqualTo(oneAgain.out().replace(dir.resolve("one").toString(), "OUT"));
        assertThat(manyAgain.err()).isEqualTo(oneAgain.err()).contains("a4b.png");
        CliRun bad = CliRun.of("protect", in.toString(), "-o", dir.resolve("x").toString(), "--batch", "0");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--batch must be >= 1 but was 0");
    }

    // 6. Options checked up front

    @Test
    void aBudgetBelowOneLevelIsWarnedAbout(@TempDir Path dir) throws Exception {
        sample(dir, "beach-1.png", "a.png");
        CliRun r = CliRun.of("protect", dir.resolve("a.png").toString(), "-o", dir.resolve("out").toString(), "--eps", "0.01n");
        assertThat(r.err()).contains("warning: --eps 0.01n is at most 0.58/255 per channel, less than one 8-bit level");
        assertThat(r.out()).contains("Linf 0/255").contains("unchanged");
    }

    @Test
    void anOutputOrReportThatIsAFileIsRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        sample(dir, "beach-1.png", "a.png");
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun o = CliRun.of("protect", dir.resolve("a.png").toString(), "-o", file.toString());
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("--output " + file + " is a file, not a folder");
        CliRun rep = CliRun.of("protect", dir.resolve("a.png").toString(), "-o", dir.resolve("out").toString(), "--report",
                file.toString());
        assertThat(rep.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(rep.err()).contains("--report " + file + " is a file, not a folder");
        // A folder that cannot be created or written (here below a file; read-only folders alike, for
        // users other than root, whom permission bits do not stop).
        CliRun unwritable = CliRun.of("protect", dir.resolve("a.png").toString(), "-o", dir.resolve("out").toString(),
                "--report", file.resolve("pages").toString());
        assertThat(unwritable.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unwritable.err()).contains("--report " + file.resolve("pages") + " cannot be written to: ");
        assertThat(dir.resolve("out/a.png")).doesNotExist();
    }

    @Test
    void eachModelIsCheckedAgainstItsRoleAndTheMessageSaysWhatWasExpected(@TempDir Path dir) throws Exception {
        Path img = sample(dir, "beach-1.png", "a.png");
        String out = dir.resolve("out").toString();
        Path oneClass = TestOnnxModels.write(dir.resolve("one.onnx"), 1, false, null);
        CliRun r1 = CliRun.of("protect", img.toString(), "-o", out, "--threat-model", oneClass.toString());
        assertThat(r1.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r1.err()).contains("has 1 class; a threat model needs at least 2");

        Path fixed = TestOnnxModels.write(dir.resolve("fixed.onnx"), 4, false, new long[] {1, 3, 64, 64});
        CliRun r2 = CliRun.of("protect", img.toString(), "-o", out, "--threat-model", fixed.toString());
        assertThat(r2.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r2.err()).contains("--threat-model " + fixed).contains("is fed [1, 3, 256, 256]")
                .contains("declaring input [1, 3, 64, 64], does not run on it");

        Path grey = TestOnnxModels.write(dir.resolve("grey.onnx"), 4, false, new long[] {-1, 1, -1, -1});
        CliRun r3 = CliRun.of("protect", img.toString(), "-o", out, "--threat-model", grey.toString());
        assertThat(r3.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r3.err()).contains("takes 3 colour channels").contains("declares 1 channel(s)");

        Path classifier = TestOnnxModels.write(dir.resolve("places.onnx"), 365, true, null);
        CliRun r4 = CliRun.of("protect", img.toString(), "-o", out, "--coupled", "--nima", classifier.toString());
        assertThat(r4.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r4.err()).contains("--nima " + classifier + ": NIMA rates 1..10").contains("365 outputs");

        Path logits = TestOnnxModels.write(dir.resolve("logits.onnx"), 10, false, null);
        CliRun r5 = CliRun.of("protect", img.toString(), "-o", out, "--coupled", "--nima", logits.toString());
        assertThat(r5.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r5.err()).contains("probability distribution").contains("not NIMA");

        CliRun r6 = CliRun.of("protect", img.toString(), "-o", out, "--mask", "salient-defence", "--salgan",
                classifier.toString());
        assertThat(r6.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r6.err()).contains("--salgan " + classifier).contains("one-channel map").contains("[1, 365]");
        assertThat(dir.resolve("out/a.png")).doesNotExist();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
