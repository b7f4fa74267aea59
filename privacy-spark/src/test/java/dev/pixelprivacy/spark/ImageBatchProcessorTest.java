package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.metrics.ImageMetrics;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.dl4j.model.OnnxThreatModel;
import dev.pixelprivacy.dl4j.model.Preprocessing;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.examples.demo.DemoModel;
import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import dev.pixelprivacy.paper.batch.ImageInput;
import dev.pixelprivacy.paper.batch.ImageOutcome;
import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import dev.pixelprivacy.paper.verify.JudgeVerdict;
import dev.pixelprivacy.paper.verify.PlatformChain;
import dev.pixelprivacy.paper.verify.Verification;
import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine-neutral processor (privacy-paper) with the demo model, which lives in examples: hence
 * tested here, where examples is on the test class path.
 */
class ImageBatchProcessorTest {
    @TempDir
    static Path dir;
    static List<ImageInput> inputs = new ArrayList<>();
    static Networks networks;

    @BeforeAll
    static void images() throws IOException {
        List<Path> files = TestImages.write(dir.resolve("in"), 12);
        List<Path> bad = TestImages.writeCorrupt(dir.resolve("in"), files.get(0));
        for (int i = 0; i < files.size(); i++) {
            inputs.add(input(files.get(i)));
            if (i % 4 == 1) {
                inputs.add(input(bad.get(i / 4))); // failures between images of one size
            }
        }
        networks = new DemoNetworks().create(ProtectionSettings.defaults());
    }

    /**
     * @param folder where to put it
     * @return the embedded demo CNN's ONNX file, as a judge file the way {@code --judge} takes one
     */
    static Path demoModelFile(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path f = folder.resolve(DemoModel.RESOURCE);
        try (InputStream in = DemoModel.class.getResourceAsStream(DemoModel.RESOURCE)) {
            Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    private static ImageInput input(Path p) throws IOException {
        return new ImageInput(p.toString(), Files.readAllBytes(p));
    }

    private static List<ImageOutcome> run(ProtectionSettings s, int maxBatch) {
        try (ImageBatchProcessor p = new ImageBatchProcessor(s, networks, maxBatch)) {
            return p.processAll(inputs);
        }
    }

    @Test
    void batchesWriteTheSameBytesAsOneImageAtATime() {
        List<ImageOutcome> single = run(ProtectionSettings.defaults(), 1);
        List<ImageOutcome> batched = run(ProtectionSettings.defaults(), 8);

        assertThat(batched).hasSameSizeAs(single);
        for (int i = 0; i < single.size(); i++) {
            assertThat(batched.get(i).name()).isEqualTo(single.get(i).name());
            assertThat(batched.get(i).status()).isEqualTo(single.get(i).status());
            assertThat(batched.get(i).encoded()).as(single.get(i).name()).isEqualTo(single.get(i).encoded());
        }
    }

    @Test
    void outcomesKeepInputOrderAndFailuresNameTheirInput() {
        List<ImageOutcome> out = run(ProtectionSettings.builder().size(48).build(), 8);

        assertThat(out).extracting(ImageOutcome::name).containsExactlyElementsOf(
                inputs.stream().map(ImageInput::name).toList());
        for (ImageOutcome o : out) {
            if (o.name().contains("bad-")) {
                assertThat(o.status()).isEqualTo(ImageOutcome.Status.FAILED);
                assertThat(o.error()).contains(o.name());
                assertThat(o.encoded()).isNull();
            } else {
                assertThat(o.status()).as(o.error()).isEqualTo(ImageOutcome.Status.PROTECTED);
                assertThat(o.extension()).isEqualTo(".png");
            }
        }
    }

    @Test
    void jpegOutputIsAJpegOfTheResizedImage() throws IOException {
        ImageOutcome o = run(ProtectionSettings.builder().size(48).format(ProtectionSettings.OutputFormat.JPEG).build(),
                4).get(0);

        assertThat(o.extension()).isEqualTo(".jpg");
        Path f = Files.write(dir.resolve("o.jpg"), o.encoded());
        assertThat(ImageFiles.probe(f).format()).hasValue("JPEG");
        assertThat(ImageFiles.read(f).width()).isEqualTo(48);
    }

    @Test
    void overlapAndFileInputsGiveTheSameOutcomesInTheSameOrder() {
        List<ImageInput> files = inputs.stream().map(i -> ImageInput.file(Path.of(i.name()))).toList();
        List<ImageOutcome> plain = run(ProtectionSettings.defaults(), 1);
        List<ImageOutcome> overlapped;
        try (ImageBatchProcessor p = ImageBatchProcessor.builder(ProtectionSettings.defaults(), networks).maxBatch(3)
                .overlap(true).build()) {
            overlapped = p.processAll(files);
            assertThat(p.processAll(files)).extracting(ImageOutcome::contentHash) // a second run on one processor
                    .containsExactlyElementsOf(overlapped.stream().map(ImageOutcome::contentHash).toList());
        }

        assertThat(overlapped).extracting(ImageOutcome::name).containsExactlyElementsOf(
                plain.stream().map(ImageOutcome::name).toList());
        for (int i = 0; i < plain.size(); i++) {
            ImageOutcome a = plain.get(i);
            ImageOutcome b = overlapped.get(i);
            assertThat(b.status()).as(a.name()).isEqualTo(a.status());
            assertThat(b.contentHash()).isEqualTo(a.contentHash());
            assertThat(b.encoded()).as(a.name()).isEqualTo(a.encoded());
            if (a.after() != null) {
                assertThat(b.after().label()).isEqualTo(a.after().label());
                assertThat(b.after().probability()).isEqualTo(a.after().probability());
            }
            if (a.status() == ImageOutcome.Status.FAILED) {
                assertThat(b.error()).contains(a.name());
                assertThat(b.cause()).isNotNull();
            }
        }
    }

    @Test
    void aJpegsPredictionAndMetricsAreThoseOfTheWrittenJpeg() throws IOException {
        ProtectionSettings s = ProtectionSettings.builder().format(ProtectionSettings.OutputFormat.JPEG).build();
        ImageOutcome o;
        try (ImageBatchProcessor p = ImageBatchProcessor.builder(s, networks).keepImages(true).build()) {
            o = p.processAll(List.of(inputs.get(0))).get(0);
        }

        Path f = Files.write(dir.resolve("written.jpg"), o.encoded());
        RgbImage written = ImageFiles.read(f);
        assertThat(o.images().written()).isEqualTo(written);
        assertThat(o.after().label()).isEqualTo(networks.threatModel().predict(written).label());
        assertThat(o.after().probability()).isEqualTo(networks.threatModel().predict(written).probability());
        assertThat(o.linf255()).isEqualTo(ImageMetrics.linf255(o.images().input(), written));
        assertThat(o.psnr()).isEqualTo(ImageMetrics.psnr(o.images().input(), written));
        assertThat(ProtectionSettings.defaults().jpegQuality()).isEqualTo(90); // the command line's --quality
    }

    @Test
    void eachOutcomeCarriesTheJudgesVerdictsOnTheWrittenFileAfterTheRealChain() throws IOException {
        Path judgeFile = demoModelFile(dir.resolve("judge"));
        String chainSpec = "resize:40:area,jpeg:75";
        ProtectionSettings s = ProtectionSettings.builder().judges(List.of(judgeFile.toString(), judgeFile.toString()))
                .after(chainSpec).build();
        Networks withJudges = new DemoNetworks().create(s);
        List<ImageOutcome> out;
        try (ImageBatchProcessor p = new ImageBatchProcessor(s, withJudges, 4)) {
            assertThat(p.verifier().chain().spec()).isEqualTo(chainSpec);
            out = p.processAll(inputs);
        }

        // the judge run on its own, loaded apart from the processor's: ONNX, 256x256 with ImageNet mean and std,
        // as --judge feeds an ONNX file
        ThreatModel judge = new OnnxThreatModel(OnnxModel.load(judgeFile), Preprocessing.imagenet256());
        PlatformChain chain = PlatformChain.parse(chainSpec);
        int protectedCount = 0;
        for (ImageOutcome o : out) {
            if (o.status() == ImageOutcome.Status.FAILED) {
                assertThat(o.verification()).isNull();
                continue;
            }
            protectedCount++;
            Verification v = o.verification();
            assertThat(v).as(o.name()).isNotNull();
            assertThat(o.images()).isNull(); // kept only for the verification, not handed out
            RgbImage original = ImageFiles.read(Path.of(o.name()));
            RgbImage written = ImageFiles.read(Files.write(dir.resolve("verified.png"), o.encoded()));
            int before = judge.predict(chain.apply(original)).label();
            int after = judge.predict(chain.apply(written)).label();
            assertThat(v.chain()).isEqualTo(chainSpec);
            assertThat(v.verdicts()).extracting(d -> d.judge().name())
                    .containsExactly(DemoModel.RESOURCE, DemoModel.RESOURCE + "#2");
            for (JudgeVerdict d : v.verdicts()) {
                assertThat(d.before().label()).as(o.name()).isEqualTo(before);
                assertThat(d.after().label()).as(o.name()).isEqualTo(after);
                assertThat(d.changed()).isEqualTo(before != after);
            }
            assertThat(v.psnr()).isEqualTo(ImageMetrics.psnr(original, written));
            assertThat(v.ciede2000().mean()).isEqualTo(ImageMetrics.ciede2000(original, written).mean());
        }
        assertThat(protectedCount).isEqualTo(12);
    }

    @Test
    void settingsThatNameJudgesNeedNetworksThatHoldThem() {
        ProtectionSettings s = ProtectionSettings.builder().judges(List.of("somewhere/j.onnx")).build();
        assertThatThrownBy(() -> new ImageBatchProcessor(s, networks, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 judge(s)")
                .hasMessageContaining("somewhere/j.onnx").hasMessageContaining("hold 0");
    }

    @Test
    void aChainWithoutJudgesMeasuresTheWrittenFileOnly() throws IOException {
        ProtectionSettings s = ProtectionSettings.builder().after("jpeg:75").build();
        ImageOutcome o;
        try (ImageBatchProcessor p = ImageBatchProcessor.builder(s, networks).keepImages(true).build()) {
            o = p.processAll(List.of(inputs.get(0))).get(0);
        }

        Verification v = o.verification();
        assertThat(v.chain()).isEqualTo("jpeg:75");
        assertThat(v.verdicts()).isEmpty();
        assertThat(v.allChanged()).isFalse();
        assertThat(o.images()).isNotNull(); // asked for, so handed out
        RgbImage original = ImageFiles.read(Path.of(o.name()));
        RgbImage written = ImageFiles.read(Files.write(dir.resolve("chain-only.png"), o.encoded()));
        assertThat(v.ssim()).isEqualTo(ImageMetrics.ssim(original, written));
        assertThat(v.ciede2000().max()).isEqualTo(ImageMetrics.ciede2000(original, written).max());
    }

    @Test
    void withoutJudgesOrChainNothingIsVerified() {
        assertThat(run(ProtectionSettings.defaults(), 8)).allSatisfy(o -> assertThat(o.verification()).isNull());
    }
}
