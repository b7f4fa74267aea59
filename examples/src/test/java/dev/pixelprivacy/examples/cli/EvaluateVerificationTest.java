package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.io.ImageFiles;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.examples.demo.TestOnnxModels;
import dev.pixelprivacy.paper.verify.PlatformChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate with judges that were not attacked and a platform chain, end to end on small networks: the
 * embedded demo CNN's ONNX file (trained) and an untrained 4-class CNN, on two 256x256 samples.
 */
class EvaluateVerificationTest {
    private static final String CHAIN = "resize:128:area,jpeg:75";
    private static final Path DEMO = Path.of("src/main/resources/dev/pixelprivacy/examples/demo/scene-demo.onnx");

    @TempDir
    static Path shared;
    private static Path in;
    private static Path untrained;
    private static CliRun run;
    private static Path out;

    @BeforeAll
    static void evaluateOnce() throws Exception {
        in = Files.createDirectories(shared.resolve("in"));
        for (String f : List.of("beach-1.png", "night-city-2.png")) {
            Files.copy(Path.of("samples", f), in.resolve(f));
        }
        Files.writeString(in.resolve("labels.csv"), "file,label\nbeach-1.png,0\nnight-city-2.png,2\n");
        untrained = TestOnnxModels.write(shared.resolve("untrained.onnx"), 4, false, null);
        out = shared.resolve("out");
        run = CliRun.of("evaluate", in.toString(), "-o", out.toString(), "--methods", "fgsm",
                "--eps", "0,8/255,16/255", "--judge", DEMO.toString(), "--judge", untrained.toString(), "--after", CHAIN,
                "--adaptive-eps", "--report", shared.resolve("report").toString(), "-q");
    }

    private static List<Map<String, String>> table(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = split(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = split(line);
            assertThat(f).hasSameSizeAs(header);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < f.size(); i++) {
                m.put(header.get(i), f.get(i));
            }
            rows.add(m);
        }
        return rows;
    }

    /** CSV fields, with RFC 4180 quotes. */
    private static List<String> split(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                f.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        f.add(cur.toString());
        return f;
    }

    @Test
    void everyRowSaysWhatEachJudgePredictsAfterTheChain() throws Exception {
        assertThat(run.code()).as(run.err()).isZero();
        List<Map<String, String>> rows = table(out.resolve("rows.csv"));
        assertThat(rows).hasSize(2 * 3);
        // The clean photo, resized as evaluate does, through the same real chain and each judge loaded on its own.
        PlatformChain chain = PlatformChain.parse(CHAIN);
        Map<String, ThreatModel> judges = Map.of("scene-demo.onnx", ModelOptions.classifier("--judge", DEMO),
                "untrained.onnx", ModelOptions.classifier("--judge", untrained));
        for (Map<String, String> r : rows) {
            assertThat(r.get("after_chain")).isEqualTo("resize:128:area,jpeg:75");
            RgbImage clean = ImageFiles.read(in.resolve(r.get("image")));
            RgbImage chained = chain.apply(clean);
            assertThat(chained.width()).isEqualTo(128);
            boolean all = true;
            for (Map.Entry<String, ThreatModel> j : judges.entrySet()) {
                String p = "judge_" + j.getKey() + "_";
                assertThat(Integer.parseInt(r.get(p + "before"))).isEqualTo(j.getValue().predict(chained).label());
                boolean changed = !r.get(p + "before").equals(r.get(p + "after"));
                assertThat(r.get(p + "changed")).isEqualTo(Boolean.toString(changed));
                all &= changed;
            }
            assertThat(r.get("all_judges_changed")).isEqualTo(Boolean.toString(all));
            assertThat(r.get("written_psnr")).isEqualTo(r.get("psnr"));
            assertThat(r.get("written_ssim")).isEqualTo(r.get("ssim"));
            assertThat(r.get("written_ciede2000")).isEqualTo(r.get("ciede2000"));
            if (r.get("epsilon").equals("0.0")) {
                assertThat(r.get(p("scene-demo.onnx") + "changed")).isEqualTo("false");
                assertThat(Double.parseDouble(r.get("written_ciede2000"))).isZero();
            } else {
                assertThat(Double.parseDouble(r.get("written_ciede2000"))).isPositive();
            }
        }
    }

    private static String p(String judge) {
        return "judge_" + judge + "_";
    }

    @Test
    void theSummaryGivesEachJudgesRateOverTheRows() throws Exception {
        assertThat(run.code()).as(run.err()).isZero();
        List<Map<String, String>> rows = table(out.resolve("rows.csv"));
        List<Map<String, String>> rates = table(out.resolve("verification.csv"));
        assertThat(rates).extracting(m -> m.get("epsilon")).containsExactly("0.0", "8.0/255", "16.0/255");
        for (Map<String, String> rate : rates) {
            List<Map<String, String>> group = rows.stream().filter(r -> r.get("epsilon").equals(rate.get("epsilon"))).toList();
            assertThat(rate.get("images")).isEqualTo(Integer.toString(group.size()));
            for (String judge : List.of("scene-demo.onnx", "untrained.onnx")) {
                long changed = group.stream().filter(r -> r.get(p(judge) + "changed").equals("true")).count();
                assertThat(Double.parseDouble(rate.get("changed_" + judge))).isEqualTo(changed / (double) group.size());
            }
        }
        assertThat(Files.readString(out.resolve("summary.md"))).contains("After `resize:128:area,jpeg:75`",
                "| scene-demo.onnx | untrained.onnx | every judge |", "Adaptive eps");
        assertThat(javax.imageio.ImageIO.read(out.resolve("verification.png").toFile()).getWidth()).isEqualTo(800);
    }

    @Test
    void theAdaptiveBudgetIsReportedPerPhotoWithinFiveProtections() throws Exception {
        assertThat(run.code()).as(run.err()).isZero();
        List<Map<String, String>> adaptive = table(out.resolve("adaptive.csv"));
        assertThat(adaptive).extracting(m -> m.get("image")).containsExactly("beach-1.png", "night-city-2.png");
        for (Map<String, String> a : adaptive) {
            int calls = Integer.parseInt(a.get("protections"));
            assertThat(calls).isBetween(1, 5);
            assertThat(a.get("tried").split(" ")).hasSize(calls);
            assertThat(a.get("tried").split(" ")[0]).isIn("16+", "16-");
            boolean found = !a.get("eps255").isEmpty();
            assertThat(found).isEqualTo(a.get("tried").startsWith("16+"));
            if (found) {
                // At the budget found every judge's class changed.
                assertThat(a.get("changed_scene-demo.onnx")).isEqualTo("true");
                assertThat(a.get("changed_untrained.onnx")).isEqualTo("true");
            }
        }
        String html = Files.readString(shared.resolve("report").resolve("index.html"));
        assertThat(html.split("class=\"receipt\"", -1)).hasSize(1 + 2);
    }

    @Test
    void aBadChainIsAUsageErrorNamingTheStep(@TempDir Path dir) {
        CliRun r = CliRun.of("evaluate", in.toString(), "-o", dir.toString(), "--after", "resize:1080,jpg:75");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--after", "step 'jpg:75'", "unknown operation 'jpg'");
        assertThat(dir.resolve("rows.csv")).doesNotExist();
    }

    @Test
    void theAdaptiveBudgetNeedsAJudge(@TempDir Path dir) {
        CliRun r = CliRun.of("evaluate", in.toString(), "-o", dir.toString(), "--adaptive-eps");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--adaptive-eps needs at least one --judge");
    }
}
