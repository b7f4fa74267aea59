package dev.pixelprivacy.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.attack.SignGradientAttack;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.model.AestheticScorer;
import dev.pixelprivacy.core.testing.LinearSoftmaxModel;
import dev.pixelprivacy.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    private static final int W = 16;
    private static final int H = 16;
    private final LinearSoftmaxModel model = LinearSoftmaxModel.random(2, W, H, 5);

    /** Mean brightness as a stand-in aesthetic score: simple, and exact to check. */
    private static final AestheticScorer BRIGHTNESS = batch -> {
        double[] s = new double[batch.size()];
        int per = batch.imageLength();
        for (int i = 0; i < s.length; i++) {
            double sum = 0;
            for (int k = 0; k < per; k++) {
                sum += batch.data()[i * per + k];
            }
            s[i] = sum / per;
        }
        return s;
    };

    private List<LabelledImage> dataset(int n) {
        List<LabelledImage> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RgbImage img = TestImages.random8Bit(W, H, 500 + i);
            items.add(LabelledImage.of("img" + i + ".png", img, model.predict(img).label()));
        }
        return items;
    }

    @Test
    void accuracyFallsWithEpsAndStartsAtOneOnCorrectlyClassifiedImages() {
        Evaluation ev = Evaluation.builder(model)
                .attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .epsilons(List.of(Epsilon.pixels(0), Epsilon.of255(1), Epsilon.of255(4), Epsilon.of255(16)))
                .scorer(BRIGHTNESS)
                .build();
        EvaluationReport report = ev.run(dataset(30));
        List<EvaluationSummary> s = report.summaries();
        assertThat(s).hasSize(4);
        assertThat(s.get(0).accuracy()).isEqualTo(1.0);
        assertThat(s.get(0).meanLinf255()).isZero();
        for (int i = 1; i < s.size(); i++) {
            assertThat(s.get(i).accuracyFloat()).isLessThanOrEqualTo(s.get(i - 1).accuracyFloat());
            assertThat(s.get(i).images()).isEqualTo(30);
        }
        assertThat(s.get(3).accuracy()).isLessThan(0.5);
        assertThat(s.get(3).maxLinf255()).isLessThanOrEqualTo(16.0 + 1e-3);
        assertThat(report.rows()).hasSize(4 * 30);
        assertThat(s.get(0).meanScoreBefore()).isEqualTo(s.get(0).meanScoreAfter());
    }

    @Test
    void writtenMeasuresUseTheEncodedImage() {
        // eps = 0.3/255 on 8-bit images rounds back to the clean image when written as 8-bit PNG.
        Evaluation ev = Evaluation.builder(model)
                .attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .epsilons(List.of(Epsilon.of255(0.3))).build();
        EvaluationReport report = ev.run(dataset(5));
        for (EvaluationRow r : report.rows()) {
            assertThat(r.written().linf255()).isZero();
            assertThat(r.written().correct()).isTrue();
            assertThat(r.floating().linf255()).isGreaterThan(0.29).isLessThan(0.31);
        }
    }

    @Test
    void misclassifiedAndUnreadableImagesAreReportedAndTheRunGoesOn() {
        List<LabelledImage> items = new ArrayList<>(dataset(3));
        RgbImage img = TestImages.random8Bit(W, H, 77);
        items.add(1, LabelledImage.of("wrong.png", img, 1 - model.predict(img).label()));
        items.add(2, new LabelledImage() {
            @Override
            public String id() {
                return "corrupt.png";
            }

            @Override
            public int label() {
                return 0;
            }

            @Override
            public RgbImage load() throws IOException {
                throw new IOException("corrupt.png: not a PNG file");
            }
        });
        List<String> progress = new ArrayList<>();
        EvaluationReport report = Evaluation.builder(model)
                .attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .epsilons(List.of(Epsilon.of255(2))).build()
                .run(items, (done, id) -> progress.add(done + ":" + id));
        assertThat(report.imagesSeen()).isEqualTo(5);
        assertThat(report.failures()).containsExactly(new ImageFailure("corrupt.png", "corrupt.png: not a PNG file"));
        assertThat(report.misclassifiedWhenClean()).containsExactly("wrong.png");
        assertThat(report.summaries().get(0).images()).isEqualTo(3);
        assertThat(progress).hasSize(5).last().isEqualTo("5:img2.png");
    }

    @Test
    void csvFilesHaveAHeaderAndOneLinePerRow(@TempDir Path dir) throws IOException {
        EvaluationReport report = Evaluation.builder(model)
                .attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .attack("bim", eps -> SignGradientAttack.builder(model).method(SignGradientAttack.Method.BIM)
                        .epsilon(eps).steps(3).build())
                .epsilons(List.of(Epsilon.of255(1), Epsilon.of255(2))).build().run(dataset(4));
        report.writeRowsCsv(dir.resolve("rows.csv"));
        report.writeSummaryCsv(dir.resolve("summary.csv"));
        List<String> rows = Files.readAllLines(dir.resolve("rows.csv"));
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(rows).hasSize(1 + 2 * 2 * 4);
        assertThat(rows.get(0)).startsWith("attack,epsilon,epsilon_pixels,image,label");
        assertThat(rows.get(1)).startsWith("fgsm,1.0/255,0.00392157,img0.png,");
        assertThat(summary).hasSize(1 + 4);
        assertThat(summary.get(3)).startsWith("bim,1.0/255,");
        assertThat(report.summaryTable()).contains("| bim | 2.0/255 | 4 |");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("rows.csv", "summary.csv");
        }
    }

    @Test
    void everyResultIsToldAndCallerColumnsJoinTheRows() {
        List<String> told = new ArrayList<>();
        Evaluation.Progress progress = new Evaluation.Progress() {
            @Override
            public void imageDone(int imagesDone, String imageId) {}

            @Override
            public void resultDone(String imageId, String method, Epsilon eps, dev.pixelprivacy.core.protect.ProtectionResult r) {
                told.add(imageId + "/" + method + "/" + eps.label() + "/" + (r.output().equals(r.input()) ? "same" : "changed"));
            }
        };
        EvaluationReport report = Evaluation.builder(model)
                .attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .epsilons(List.of(Epsilon.pixels(0), Epsilon.of255(4))).build().run(dataset(2), progress);
        assertThat(told).containsExactly("img0.png/fgsm/0.0/same", "img0.png/fgsm/4.0/255/changed",
                "img1.png/fgsm/0.0/same", "img1.png/fgsm/4.0/255/changed");
        List<String> lines = report.rowsCsv(List.of("extra, quoted"), r -> List.of(r.imageId() + "|" + r.epsilon())).lines().toList();
        assertThat(lines.get(0)).endsWith(",float_ciede2000,\"extra, quoted\"");
        assertThat(lines.get(2)).endsWith(",img0.png|4.0/255");
        assertThatThrownBy(() -> report.rowsCsv(List.of("a", "b"), r -> List.of("1")))
                .hasMessageContaining("1 extra values for 2 extra columns");
    }

    @Test
    void theColourDifferenceIsZeroUnchangedAndPositiveWhenPerturbed() {
        EvaluationReport report = Evaluation.builder(model)
                .attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .epsilons(List.of(Epsilon.pixels(0), Epsilon.of255(8))).build().run(dataset(3));
        assertThat(report.summaries().get(0).meanCiede2000()).isZero();
        assertThat(report.summaries().get(1).meanCiede2000()).isPositive();
        for (EvaluationRow r : report.rows()) {
            if (r.epsilonPixels() > 0) {
                assertThat(r.written().ciede2000()).isPositive();
            }
        }
        assertThat(report.summaryTable()).contains("| CIEDE2000 |");
    }

    @Test
    void wholeMethodsRunAfterThePreprocessAndTheirPostFilterCounts() {
        // A post-filter that undoes the attack: the written image is the clean one, so accuracy stays 1
        // while the float attack output (before the post-filter) is not measured as written.
        dev.pixelprivacy.core.image.ImageFilter half = dev.pixelprivacy.core.image.ImageFilter.named("half", img -> {
            float[] d = new float[3 * W * H];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        d[(c * H + y) * W + x] = img.get(c, 2 * y, 2 * x);
                    }
                }
            }
            return RgbImage.of(W, H, d);
        });
        List<LabelledImage> big = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RgbImage img = TestImages.random8Bit(2 * W, 2 * H, 900 + i);
            big.add(LabelledImage.of("big" + i, img, model.predict(half.apply(img)).label()));
        }
        EvaluationReport report = Evaluation.builder(model).preprocess(half)
                .method("undo", eps -> dev.pixelprivacy.core.protect.Protector.builder(SignGradientAttack.fgsm(model, eps))
                        .postFilter((clean, attacked) -> clean).build())
                .attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .epsilons(List.of(Epsilon.of255(16))).build().run(big);
        assertThat(report.misclassifiedWhenClean()).isEmpty();
        assertThat(report.summaries().get(0).accuracy()).isEqualTo(1.0);
        assertThat(report.summaries().get(0).meanLinf255()).isZero();
        assertThat(report.summaries().get(1).accuracy()).isLessThan(0.5);
        assertThat(report.configuration()).contains("preprocess=half");
    }

    @Test
    void anEvaluationNeedsAttacksAndBudgets() {
        assertThatThrownBy(() -> Evaluation.builder(model).epsilons(List.of(Epsilon.of255(1))).build())
                .hasMessageContaining("at least one attack or method");
        assertThatThrownBy(() -> Evaluation.builder(model).attack("a", e -> null).build())
                .hasMessageContaining("at least one epsilon");
        assertThatThrownBy(() -> Evaluation.builder(model).attack("a", e -> null).attack("a", e -> null))
                .hasMessageContaining("'a' is used twice");
    }

    @Test
    void aMethodFailingOnOneImageFailsThatImageAloneAndDropsItsRows() {
        List<LabelledImage> items = dataset(3);
        RgbImage poison = TestImages.random8Bit(W, H, 999);
        items.add(1, LabelledImage.of("poison.png", poison, model.predict(poison).label()));
        Evaluation ev = Evaluation.builder(model)
                .method("fails on poison", eps -> {
                    var protector = dev.pixelprivacy.core.protect.Protector.builder(SignGradientAttack.fgsm(model, eps))
                            .build();
                    return new dev.pixelprivacy.core.protect.ImageProtection() {
                        @Override
                        public dev.pixelprivacy.core.protect.ProtectionResult protect(RgbImage image, int label) {
                            if (image.equals(poison)) {
                                throw new IllegalStateException("'/pool1/AveragePool' output would be empty");
                            }
                            return protector.protect(image, label);
                        }

                        @Override
                        public dev.pixelprivacy.core.protect.ProtectionResult protect(RgbImage image) {
                            return protect(image, model.predict(image).label());
                        }
                    };
                })
                .epsilons(List.of(Epsilon.of255(2), Epsilon.of255(4)))
                .build();
        EvaluationReport report = ev.run(items);
        assertThat(report.failures()).containsExactly(new ImageFailure("poison.png", "'/pool1/AveragePool' output would be empty"));
        assertThat(report.rows()).hasSize(3 * 2).noneMatch(r -> r.imageId().equals("poison.png"));
    }

    @Test
    void aListedFileThatDoesNotExistIsReportedAsMissing(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("labels.csv"), "file,label\nmissing.png,0\n");
        Evaluation ev = Evaluation.builder(model).attack("fgsm", eps -> SignGradientAttack.fgsm(model, eps))
                .epsilons(List.of(Epsilon.of255(2))).build();
        EvaluationReport report = ev.run(LabelledImages.fromCsv(csv, dir, dev.pixelprivacy.core.io.ImageReadOptions.defaults()));
        assertThat(report.failures()).hasSize(1);
        assertThat(report.failures().get(0).reason()).isEqualTo("file " + dir.resolve("missing.png") + " does not exist");
    }
}
