package dev.pixelprivacy.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceReportTest {
    @TempDir
    Path dir;

    /** One entry in JMH's JSON result format, as {@code -rf json} writes it (compare FILTERS-RESULTS.json). */
    private static String entry(String benchmark, Map<String, String> params, double score, String unit) {
        StringBuilder p = new StringBuilder();
        params.forEach((k, v) -> p.append(p.length() == 0 ? "" : ",\n").append("            \"").append(k)
                .append("\" : \"").append(v).append('"'));
        return String.format(Locale.ROOT, """
                    {
                        "jmhVersion" : "1.37",
                        "benchmark" : "%s",
                        "mode" : "avgt",
                        "threads" : 1,
                        "forks" : 1,
                        "jvm" : "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                        "jvmArgs" : [
                        ],
                        "jdkVersion" : "17.0.15",
                        "vmName" : "OpenJDK 64-Bit Server VM",
                        "vmVersion" : "17.0.15+6-Debian-1deb12u1",
                        "warmupIterations" : 1,
                        "warmupTime" : "1 s",
                        "warmupBatchSize" : 1,
                        "measurementIterations" : 3,
                        "measurementTime" : "1 s",
                        "measurementBatchSize" : 1,
                        "params" : {
                %s
                        },
                        "primaryMetric" : {
                            "score" : %s,
                            "scoreError" : "NaN",
                            "scoreConfidence" : [
                                "NaN",
                                "NaN"
                            ],
                            "scorePercentiles" : {
                                "0.0" : %s,
                                "100.0" : %s
                            },
                            "scoreUnit" : "%s",
                            "rawData" : [
                                [
                                    %s
                                ]
                            ]
                        },
                        "secondaryMetrics" : {
                        }
                    }""", benchmark, p, score, score, score, unit, score);
    }

    /** Parameters in the given order, as JMH writes them. */
    private static Map<String, String> ps(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private Path write(String name, String... entries) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "[\n" + String.join(",\n", entries) + "\n]\n");
        return f;
    }

    private String report() {
        return new PerformanceReport(SuiteResults.load(dir), null, "").markdown(3);
    }

    private static String row(String markdown, String startsWith) {
        return markdown.lines().filter(l -> l.startsWith(startsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting with " + startsWith + " in\n" + markdown));
    }

    private static final String G = "dev.pixelprivacy.bench.filters.GaussianBenchmark.";
    private static final String E = "dev.pixelprivacy.bench.filters.EdgeMapBenchmark.";
    private static final String M = "dev.pixelprivacy.bench.masks.MaskThroughputBenchmark.compute";
    private static final String R = "dev.pixelprivacy.bench.dl4j.ResNet50Benchmark.";

    @Test
    void filtersShowOursBesideTheAnchorsWithAnchorOverOursRatios() throws IOException {
        Map<String, String> p = ps("size", "4000x3000");
        write("filters.json", entry(G + "boofcv", p, 1000.0, "ms/op"), entry(G + "opencv", p, 250.0, "ms/op"),
                entry(G + "ours", p, 200.0, "ms/op"), entry(G + "oursExactFir", p, 500.0, "ms/op"),
                entry(E + "sobelOpencv", p, 30.0, "ms/op"), entry(E + "sobelOurs", p, 60.0, "ms/op"),
                entry(E + "salientDefenceMaskOurs", p, 550.0, "ms/op"),
                entry(E + "opencvCopyIntoMat", p, 4.6, "ms/op"));
        String md = report();
        assertThat(row(md, "| ours |")).isEqualTo("| ours | 4000x3000 | 200.0 | 250.0 | 1000.0 | 1.25 | 5.00 |");
        assertThat(row(md, "| oursExactFir |")).isEqualTo("| oursExactFir | 4000x3000 | 500.0 | 250.0 | 1000.0 | 0.50 | 2.00 |");
        assertThat(row(md, "| sobelOurs |"))
                .isEqualTo("| sobelOurs | 4000x3000 | 60.00 | 30.00 | not measured | 0.50 | not measured |");
        assertThat(row(md, "| salientDefenceMaskOurs |")).isEqualTo(
                "| salientDefenceMaskOurs | 4000x3000 | 550.0 | not measured | not measured | not measured | not measured |");
        assertThat(row(md, "| EdgeMapBenchmark.opencvCopyIntoMat |")).isEqualTo(
                "| EdgeMapBenchmark.opencvCopyIntoMat | 4000x3000 | 4.60 |");
    }

    @Test
    void anchorsAreComparedOnlyWithTheSameParameters() throws IOException {
        write("filters.json", entry(G + "opencv", ps("size", "256x256"), 1.0, "ms/op"),
                entry(G + "ours", ps("size", "4000x3000"), 200.0, "ms/op"));
        assertThat(row(report(), "| ours |"))
                .isEqualTo("| ours | 4000x3000 | 200.0 | not measured | not measured | not measured | not measured |");
    }

    @Test
    void masksGiveMegapixelsPerSecondFromTheSizeAndTheTime() throws IOException {
        write("masks.json",
                entry(M, ps("provider", "edges", "size", "4000x3000", "threads", "2"), 600.0, "ms/op"),
                entry(M, ps("provider", "uniform", "size", "256x256", "threads", "2"), 65.536, "us/op"));
        String md = report();
        // 12 MP in 0.6 s; 65536 pixels in 65.536 us
        assertThat(row(md, "| edges |")).isEqualTo("| edges | 4000x3000 | 2 | 600.0 | 20.0 |");
        assertThat(row(md, "| uniform |")).isEqualTo("| uniform | 256x256 | 2 (runs on 1) | 0.066 | 1000 |");
        assertThat(md).contains("\"runs on 1\": the provider has no `threads` option");
    }

    @Test
    void gradientGivesStepsAndImagesPerSecondAndThePyTorchRatio() throws IOException {
        Map<String, String> b8 = ps("batch", "8", "size", "256", "classes", "365");
        Map<String, String> b1 = ps("batch", "1", "size", "256", "classes", "365");
        write("gradient.json", entry(R + "fgsmStep", b8, 2.0, "s/op"), entry(R + "forward", b8, 700.0, "ms/op"),
                entry(R + "fgsmStep", b1, 2.5, "ops/s"), entry(R + "forward", b1, 100.0, "ms/op"));
        Files.writeString(dir.resolve("pytorch-anchor.json"), """
                {"command": "python3 torch_fgsm_anchor.py 256 8", "date": "2024-06-01T10:00:00Z",
                 "results": [{"size": 256, "batch": 8, "forwardMs": 350.0, "fgsmStepMs": 1000.0}]}
                """);
        String md = report();
        assertThat(md).contains("| batch | size | classes | fgsmStep ms | FGSM steps/s | images/s | forward ms | "
                + "PyTorch fgsmStep ms | ours / PyTorch | PyTorch forward ms | ours / PyTorch (forward) |");
        // 2 s per step: 0.5 steps/s, 8 images each
        assertThat(row(md, "| 8 |")).isEqualTo("| 8 | 256 | 365 | 2000.0 | 0.50 | 4.00 | 700.0 | 1000.0 | 2.00 | 350.0 | 2.00 |");
        // 2.5 steps/s is 400 ms per step; no anchor for batch 1
        assertThat(row(md, "| 1 |"))
                .isEqualTo("| 1 | 256 | 365 | 400.0 | 2.50 | 2.50 | 100.0 | not measured | not measured | not measured | not measured |");
    }

    @Test
    void withoutTheAnchorFileThePyTorchColumnsSayNotMeasured() throws IOException {
        write("gradient.json", entry(R + "fgsmStep", ps("batch", "32", "size", "256"), 7000.0, "ms/op"));
        String md = report();
        assertThat(row(md, "| 32 |")).isEqualTo("| 32 | 256 | 7000.0 | 0.14 | 4.57 | not measured | not measured |");
        assertThat(md).contains("PyTorch: not measured in this run");
    }

    @Test
    void pipelineGivesEachPartsShareOfTheWholeAndTheSumOfItsParts() throws IOException {
        String p = "dev.pixelprivacy.bench.pipeline.SalientDefencePipelineBenchmark.";
        Map<String, String> params = ps("size", "256");
        write("pipeline.json", entry(p + "saliencyForward", params, 300.0, "ms/op"),
                entry(p + "saliencySpectralResidual", params, 10.0, "ms/op"),
                entry(p + "mask", params, 100.0, "ms/op"), entry(p + "gradient", params, 500.0, "ms/op"),
                entry(p + "whole", params, 1000.0, "ms/op"), entry(p + "wholeSpectralResidual", params, 700.0, "ms/op"));
        String md = report();
        assertThat(md).contains("| part | ms | share of `whole` | PyTorch + scipy ms | ours / PyTorch |");
        assertThat(row(md, "| saliencyForward |")).isEqualTo("| saliencyForward | 300.0 | 30 % | not measured |  |");
        assertThat(row(md, "| gradient |")).isEqualTo("| gradient | 500.0 | 50 % | not measured |  |");
        assertThat(row(md, "| saliencySpectralResidual |"))
                .isEqualTo("| saliencySpectralResidual | 10.00 | 1 % of `wholeSpectralResidual` | not measured |  |");
        assertThat(row(md, "| **whole** |")).isEqualTo("| **whole** | 1000.0 | 100 % | not measured |  |");
        assertThat(row(md, "| **wholeSpectralResidual** |"))
                .isEqualTo("| **wholeSpectralResidual** | 700.0 | 70 % | not measured |  |");
        // saliencySpectralResidual belongs to wholeSpectralResidual, not to whole
        assertThat(md).contains("The parts of `whole` (saliencyForward, mask, gradient) add up to 900.0 ms, 90 % of it");
        assertThat(md).contains("PyTorch + scipy anchor not measured");
    }

    @Test
    void pipelineAnchorGivesTheSamePartsMsAndOursOverPyTorch() throws IOException {
        String p = "dev.pixelprivacy.bench.pipeline.SalientDefencePipelineBenchmark.";
        Map<String, String> params = ps("saliencyWidthDivisor", "1", "size", "256");
        write("pipeline.json", entry(p + "saliencyForward", params, 300.0, "ms/op"),
                entry(p + "saliencySpectralResidual", params, 10.0, "ms/op"),
                entry(p + "whole", params, 1000.0, "ms/op"),
                entry(p + "mask", ps("saliencyWidthDivisor", "16", "size", "64"), 1.0, "ms/op"));
        Files.writeString(dir.resolve("pipeline-anchor.json"), """
                {"command": "python3 torch_pipeline_anchor.py 256 1 5", "date": "2026-12-01T12:00:00Z", "torch": "1.13.1",
                 "runs": [{"part": "saliency-forward", "size": 256, "saliencyWidthDivisor": 1, "ms": 200.0},
                          {"part": "pipeline", "size": 256, "saliencyWidthDivisor": 1, "ms": 800.0},
                          {"part": "mask", "size": 256, "saliencyWidthDivisor": 1, "ms": 5.0}]}
                """);
        String md = report();
        // 300 / 200 and 1000 / 800; the spectral-residual saliency has no counterpart in the anchor
        assertThat(row(md, "| saliencyForward |")).isEqualTo("| saliencyForward | 300.0 | 30 % | 200.0 | 1.50 |");
        assertThat(row(md, "| **whole** |")).isEqualTo("| **whole** | 1000.0 | 100 % | 800.0 | 1.25 |");
        assertThat(row(md, "| saliencySpectralResidual |")).contains("| no counterpart |");
        assertThat(row(md, "| mask |")).contains("| not measured at this size |"); // 64x64 against 256x256
        assertThat(md).contains("1.13.1").contains("`python3 torch_pipeline_anchor.py 256 1 5`");
    }

    @Test
    void folderShowsBeforeAndAfterWithTheirRatioAndTheTarget() throws IOException {
        Files.writeString(dir.resolve("folder.json"), """
                {"runs": [
                  {"folder": "400x300", "width": 400, "height": 300, "images": 200, "mode": "before",
                   "options": "--batch 1 --no-overlap", "seconds": 40.0, "imagesPerSecond": 5.0,
                   "steadyImagesPerSecond": 6.0, "peakRssMiB": 500.0, "command": "java -jar t.jar protect a"},
                  {"folder": "400x300", "width": 400, "height": 300, "images": 200, "mode": "after", "options": "",
                   "seconds": 20.0, "imagesPerSecond": 10.0, "steadyImagesPerSecond": 15.0, "peakRssMiB": 550.0,
                   "command": "java -jar t.jar protect a"}]}
                """);
        String md = report();
        assertThat(row(md, "| 400x300 | 200 | before")).isEqualTo(
                "| 400x300 | 200 | before (`--batch 1 --no-overlap`) | 5.00 | 6.00 |  |  | 500.0 | 40.0 |");
        // 10 / 5 and 15 / 6
        assertThat(row(md, "| 400x300 | 200 | after")).isEqualTo(
                "| 400x300 | 200 | after (defaults) | 10.0 | 15.0 | 2.00 | 2.50 | 550.0 | 20.0 |");
        assertThat(row(md, "| folder |")).isEqualTo("| folder | images | run | images/s | loop images/s | after / before | "
                + "loop after / before | peak RSS (MiB) | seconds |");
        assertThat(md).contains("on the 400x300 folder, against before (`--batch 1 --no-overlap`): the whole run 2.00 (met), "
                + "the loop 2.50 (met)");
        assertThat(md).doesNotContain("issue-time");
        assertThat(md).contains("Not in this run: `scripts/bench.sh spark` measures it.");
    }

    /** A folder's runs as FolderThroughputRun writes them, the issue-time one (if any) with its commit. */
    private static String folderRuns(String folder, int images, double[] issueTime, double[] before, double[] after) {
        String f = "{\"folder\": \"%s\", \"width\": %s, \"height\": %s, \"images\": %d, \"mode\": \"%s\",%s \"options\": \"%s\", "
                + "\"jar\": \"/j/%s.jar\", \"seconds\": %s, \"imagesPerSecond\": %s, \"steadyImagesPerSecond\": %s, "
                + "\"peakRssMiB\": %s, \"command\": \"java -jar /j/%s.jar protect a\"}";
        String[] wh = folder.split("x");
        List<String> runs = new ArrayList<>();
        if (issueTime != null) {
            runs.add(String.format(Locale.ROOT, f, folder, wh[0], wh[1], images, "issue-time",
                    " \"commit\": \"a40889a\",", "", "old", images / issueTime[0], issueTime[0], issueTime[1],
                    issueTime[2], "old"));
        }
        runs.add(String.format(Locale.ROOT, f, folder, wh[0], wh[1], images, "before", "", "--batch 1 --no-overlap", "new",
                images / before[0], before[0], before[1], before[2], "new"));
        runs.add(String.format(Locale.ROOT, f, folder, wh[0], wh[1], images, "after", "", "", "new", images / after[0],
                after[0], after[1], after[2], "new"));
        return String.join(",\n", runs);
    }

    @Test
    void folderWithTheIssueTimeRunTakesItsRatiosAndTheTargetAgainstItAndKeepsTheProxyBeforeVisible() throws IOException {
        // {images/s, loop images/s, peak RSS}
        Files.writeString(dir.resolve("folder.json"), "{\"runs\": [\n" + folderRuns("400x300", 200,
                new double[] {5.0, 6.0, 400.0}, new double[] {6.0, 8.0, 500.0}, new double[] {8.0, 12.0, 550.0}) + ",\n"
                + folderRuns("4000x3000", 20, new double[] {0.25, 0.3, 1100.0}, new double[] {0.3, 0.3, 1000.0},
                new double[] {0.5, 0.6, 1200.0}) + "]}\n");
        String md = report();
        assertThat(row(md, "| folder |")).isEqualTo("| folder | images | run | images/s | loop images/s | / issue-time | "
                + "loop / issue-time | after / before | peak RSS (MiB) | seconds |");
        assertThat(row(md, "| 400x300 | 200 | issue-time")).isEqualTo(
                "| 400x300 | 200 | issue-time (a40889a) | 5.00 | 6.00 |  |  |  | 400.0 | 40.0 |");
        // 6 / 5 and 8 / 6 against issue-time; before is the proxy itself
        assertThat(row(md, "| 400x300 | 200 | before")).isEqualTo(
                "| 400x300 | 200 | before (`--batch 1 --no-overlap`) | 6.00 | 8.00 | 1.20 | 1.33 |  | 500.0 | 33.3 |");
        // 8 / 5 and 12 / 6 against issue-time; 8 / 6 against before
        assertThat(row(md, "| 400x300 | 200 | after")).isEqualTo(
                "| 400x300 | 200 | after (defaults) | 8.00 | 12.0 | 1.60 | 2.00 | 1.33 | 550.0 | 25.0 |");
        // 0.5 / 0.25, 0.6 / 0.3; 0.5 / 0.3: each folder against its own issue-time run
        assertThat(row(md, "| 4000x3000 | 20 | after")).isEqualTo(
                "| 4000x3000 | 20 | after (defaults) | 0.50 | 0.60 | 2.00 | 2.00 | 1.67 | 1200.0 | 40.0 |");
        // met against issue-time (1.60) where the proxy alone (1.33) would say not met
        assertThat(md).contains("on the 400x300 folder, against the issue-time run (a40889a): the whole run "
                + "1.60 (met), the loop 2.00 (met)");
        assertThat(md).contains("Against before, the proxy: the whole run 1.33, the loop 1.50.");
        assertThat(md).contains("Ratios are against the issue-time run of the same folder");
        assertThat(md).doesNotContain("was not measured");
    }

    @Test
    void folderWithoutTheIssueTimeRunSaysWhyAndTakesTheTargetAgainstBefore() throws IOException {
        Files.writeString(dir.resolve("folder.json"), "{\"baselineNotMeasured\": \"commit a40889a is not in this clone\", "
                + "\"runs\": [\n" + folderRuns("400x300", 200, null, new double[] {5.0, 6.0, 500.0},
                new double[] {7.0, 9.6, 550.0}) + "]}\n");
        String md = report();
        assertThat(md).contains("The issue-time baseline (the tool as issue 13 found it) was not measured: commit a40889a is "
                + "not in this clone. Ratios are against before");
        assertThat(row(md, "| folder |")).contains("| after / before | loop after / before |").doesNotContain("issue-time");
        // 7 / 5 and 9.6 / 6
        assertThat(row(md, "| 400x300 | 200 | after")).isEqualTo(
                "| 400x300 | 200 | after (defaults) | 7.00 | 9.60 | 1.40 | 1.60 | 550.0 | 28.6 |");
        assertThat(md).contains("on the 400x300 folder, against before (`--batch 1 --no-overlap`): the whole run 1.40 "
                + "(**not met**), the loop 1.60 (met)");
        assertThat(md).doesNotContain("Against before, the proxy");
    }

    @Test
    void sparkShowsEachEngineAgainstTheToolWithItsOverhead() throws IOException {
        Files.writeString(dir.resolve("spark.json"), """
                {"command": "java ... SparkThroughput", "runs": [
                  {"mode": "cli", "images": 200, "width": 400, "height": 300, "seconds": 10.0, "imagesPerSecond": 20.0,
                   "overheadMsPerImage": 0.0, "peakRssMiB": 400, "peakHeapMiB": 100},
                  {"mode": "local1", "images": 200, "width": 400, "height": 300, "seconds": 20.0, "imagesPerSecond": 10.0,
                   "overheadMsPerImage": 50.0, "peakRssMiB": 800, "peakHeapMiB": 300}]}
                """);
        String md = report();
        assertThat(row(md, "| the tool |")).isEqualTo("| the tool | 200 of 400x300 | 20.0 | 1.00 |  | 400.0 |");
        assertThat(row(md, "| Spark `local[1]` |"))
                .isEqualTo("| Spark `local[1]` | 200 of 400x300 | 10.0 | 0.50 | 50.00 | 800.0 |");
        assertThat(md).contains("Not in this run: `scripts/bench.sh folder` measures it.");
    }

    @Test
    void gradientMemoryShowsBothPeaksAndTheRatioOfTheMedians() throws IOException {
        // two rounds: ours 3000 and 3400 (median 3200), PyTorch 4000 and 4000: 3200 / 4000 = 0.80
        Files.writeString(dir.resolve("gradient-memory.json"), """
                {"batch": 32, "size": 256, "classes": 365, "calls": 2, "runs": [
                  {"impl": "ours", "round": 1, "peakRssMiB": 3000.0, "beforeFirstCallMiB": 900.0, "callMs": [1, 2],
                   "command": "java ... --child"},
                  {"impl": "pytorch", "round": 1, "peakRssMiB": 4000.0, "beforeFirstCallMiB": 390.0, "callMs": [1, 2],
                   "command": "python anchor"},
                  {"impl": "ours", "round": 2, "peakRssMiB": 3400.0, "beforeFirstCallMiB": 910.0, "callMs": [1, 2],
                   "command": "java ... --child"},
                  {"impl": "pytorch", "round": 2, "peakRssMiB": 4000.0, "beforeFirstCallMiB": 392.0, "callMs": [1, 2],
                   "command": "python anchor"}], "oursOverPytorch": 0.8}
                """);
        String md = report();
        assertThat(md).contains("Batch 32, 256x256.");
        assertThat(row(md, "| ours | 2 |")).isEqualTo("| ours | 2 | 3400.0 | 910.0 | `java ... --child` |");
        assertThat(row(md, "| PyTorch | 1 |")).isEqualTo("| PyTorch | 1 | 4000.0 | 390.0 | `python anchor` |");
        assertThat(md).contains("Ours / PyTorch (median peaks): 0.80 (issue 13's target, at most 1.0: met).");
    }

    @Test
    void gradientMemoryAbovePyTorchsIsNotMetAndAbsentIsSaid() throws IOException {
        assertThat(report()).contains("Peak memory of one gradient call beside PyTorch's: not in this run");
        Files.writeString(dir.resolve("gradient-memory.json"), """
                {"batch": 1, "size": 64, "runs": [
                  {"impl": "ours", "round": 1, "peakRssMiB": 500.0, "beforeFirstCallMiB": 400.0, "command": "a"},
                  {"impl": "pytorch", "round": 1, "peakRssMiB": 400.0, "beforeFirstCallMiB": 300.0, "command": "b"}],
                 "oursOverPytorch": 1.25}
                """);
        assertThat(report()).contains("Ours / PyTorch (median peaks): 1.25 (issue 13's target, at most 1.0: **not met**).");
    }

    @Test
    void pipelineWithABatchGivesMsPerImage() throws IOException {
        String p = "dev.pixelprivacy.bench.pipeline.PipelineBenchmark.";
        Map<String, String> params = ps("batch", "4");
        write("pipeline.json", entry(p + "mask", params, 100.0, "ms/op"), entry(p + "pipeline", params, 400.0, "ms/op"));
        String md = report();
        assertThat(row(md, "| mask |")).isEqualTo("| mask | 100.0 | 25.00 | 25 % |");
        assertThat(row(md, "| **pipeline** |")).isEqualTo("| **pipeline** | 400.0 | 100.0 | 100 % |");
    }

    @Test
    void cudaResultsOfTheSameBenchmarkAndParametersGetTheirOwnColumns(@TempDir Path cudaDir) throws IOException {
        Map<String, String> b8 = ps("batch", "8", "size", "256");
        write("gradient.json", entry(R + "fgsmStep", b8, 2000.0, "ms/op"),
                entry(R + "fgsmStep", ps("batch", "1", "size", "256"), 400.0, "ms/op"));
        Files.writeString(cudaDir.resolve("gradient.json"), "[" + entry(R + "fgsmStep", b8, 100.0, "ms/op") + "]");
        String md = new PerformanceReport(SuiteResults.load(dir), SuiteResults.load(cudaDir), "cuda").markdown(3);
        assertThat(row(md, "| 8 |")).endsWith("| 100.0 | 20.00 |");
        assertThat(row(md, "| 1 |")).endsWith("| not measured | not measured |");
        assertThat(md).contains("| CUDA fgsmStep ms | CPU / CUDA (fgsmStep) |");
    }

    @Test
    void memoryShowsPeakAndGrowthFromTheFile() throws IOException {
        Files.writeString(dir.resolve("memory.json"), """
                {"command": "java -jar pixel-privacy.jar protect in -o out", "model": "scene-demo.onnx", "images": 1000,
                 "peakRssMiB": 812.3, "samples": [{"images": 0, "rssMiB": 500.1}, {"images": 100, "rssMiB": 700.2}],
                 "growthMiBPer1000Images": 3.1}
                """);
        Files.writeString(dir.resolve("memory.run.json"), """
                {"part": "memory", "suiteCommand": "scripts/bench.sh memory",
                 "command": "java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.memory.ProtectMemoryRun",
                 "date": "2024-06-01T10:00:00Z", "seconds": 75, "cores": 2, "cpu": "Intel Xeon", "quick": false}
                """);
        String md = report();
        assertThat(row(md, "| scene-demo.onnx |")).isEqualTo("| scene-demo.onnx | 1000 | 812.3 | 3.1 |");
        assertThat(md).contains("RSS after n images (n: MiB): 0: 500.1, 100: 700.2.");
        assertThat(md).contains("- Run: 2024-06-01T10:00:00Z, 2 cores (Intel Xeon), took 1 min 15 s.");
        assertThat(md).contains("- Command: `scripts/bench.sh memory`, which ran "
                + "`java -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.memory.ProtectMemoryRun`.");
        assertThat(md).contains("- Protect command measured: `java -jar pixel-privacy.jar protect in -o out`.");
        assertThat(md).doesNotContain("Quick smoke run");
    }

    @Test
    void largePhotoMemoryShowsEachPhotoAgainstItsTarget() throws IOException {
        Files.writeString(dir.resolve("memory-photos.json"), """
                {"runs": [
                  {"width": 4000, "height": 3000, "megapixels": 12.0, "jpegBytes": 1, "targetMB": 1200,
                   "peakRssMiB": 700.5, "seconds": 9.0, "command": "java -jar t.jar protect a.jpg"},
                  {"width": 8000, "height": 6000, "megapixels": 48.0, "jpegBytes": 1, "targetMB": 2500,
                   "peakRssMiB": 2500.0, "seconds": 20.0, "command": "java -jar t.jar protect b.jpg"}]}
                """);
        String md = report();
        assertThat(row(md, "| 4000x3000 (12 MP) |"))
                .isEqualTo("| 4000x3000 (12 MP) | 700.5 | 1.2 GB (1144.4 MiB) | yes | 9.0 | `java -jar t.jar protect a.jpg` |");
        // 2500 MiB is more than 2.5 GB (2384.2 MiB)
        assertThat(row(md, "| 8000x6000 (48 MP) |")).contains("| 2500.0 | 2.5 GB (2384.2 MiB) | **no** |");
        assertThat(md).contains("Not in this run: `scripts/bench.sh memory` measures it.");
    }

    @Test
    void partsWithoutResultsSayHowToRunThem() throws IOException {
        write("masks.json", entry(M, ps("provider", "edges", "size", "64x64", "threads", "1"), 1.0, "ms/op"));
        String md = report();
        assertThat(md).contains("Not in this run: `scripts/bench.sh filters`");
        assertThat(md).contains("Not in this run: `scripts/bench.sh gradient`");
        assertThat(md).contains("Not in this run: `scripts/bench.sh memory`");
    }

    @Test
    void runDescriptionGivesMachineDateCommandAndSettings() throws IOException {
        write("masks.json", entry(M, ps("provider", "edges", "size", "64x64", "threads", "1"), 1.0, "ms/op"));
        Files.writeString(dir.resolve("masks.run.json"), """
                {"part": "masks", "suiteCommand": "scripts/bench.sh --quick masks",
                 "command": "java -jar privacy-bench/target/benchmarks.jar MaskThroughputBenchmark -f 1",
                 "date": "2024-06-01T10:00:00Z", "seconds": 125, "cores": 2, "cpu": "Intel Xeon", "quick": true}
                """);
        String md = report();
        assertThat(md).contains("**Quick smoke run");
        assertThat(md).contains("- Run: 2024-06-01T10:00:00Z, 2 cores (Intel Xeon), OpenJDK 64-Bit Server VM 17.0.15, "
                + "took 2 min 5 s.");
        assertThat(md).contains("- Command: `scripts/bench.sh --quick masks`, which ran "
                + "`java -jar privacy-bench/target/benchmarks.jar MaskThroughputBenchmark -f 1`.");
        assertThat(md).contains("- JMH: 1 fork, 1 x 1 s warm-up, 3 x 1 s measurement (avgt).");
    }

    @Test
    void numbersKeepTheirSignificantDigits() {
        assertThat(PerformanceReport.ms(1232.24)).isEqualTo("1232.2");
        assertThat(PerformanceReport.ms(58.94)).isEqualTo("58.94");
        assertThat(PerformanceReport.ms(0.3034)).isEqualTo("0.303");
        assertThat(PerformanceReport.ms(0.002234)).isEqualTo("0.0022");
        assertThat(PerformanceReport.rate(132.4)).isEqualTo("132");
        assertThat(PerformanceReport.rate(0.142857)).isEqualTo("0.14");
    }

    @Test
    void aRunWithoutWarmUpSaysSo() throws IOException {
        write("masks.json", entry(M, ps("provider", "edges", "size", "64x64", "threads", "1"), 1.0, "ms/op")
                .replace("\"warmupIterations\" : 1,", "\"warmupIterations\" : 0,"));
        assertThat(report()).contains("- JMH: 1 fork, no warm-up, 3 x 1 s measurement (avgt).");
    }

    @Test
    void malformedJsonIsAnErrorNamingTheFile() throws IOException {
        Path f = dir.resolve("filters.json");
        Files.writeString(f, "[\n  {\"benchmark\" : \"x\",\n  \"mode\" \"avgt\" }\n]");
        assertThatThrownBy(() -> SuiteResults.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line 3");
    }

    @Test
    void anEmptyFileFromAnAbortedRunIsAnErrorNamingTheFile() throws IOException {
        Path f = dir.resolve("gradient.json");
        Files.writeString(f, "");
        assertThatThrownBy(() -> SuiteResults.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("unexpected end");
    }

    @Test
    void aMissingFieldIsAnErrorNamingTheFileTheEntryAndTheField() throws IOException {
        Path f = write("filters.json", entry(G + "ours", ps(), 1.0, "ms/op").replace("\"forks\" : 1,", ""));
        assertThatThrownBy(() -> SuiteResults.load(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("entry 1").hasMessageContaining("'forks'");
    }

    @Test
    void anUnknownScoreUnitIsAnErrorNamingIt() throws IOException {
        write("filters.json", entry(G + "ours", ps(), 1.0, "furlongs/op"));
        SuiteResults s = SuiteResults.load(dir);
        assertThatThrownBy(() -> new PerformanceReport(s, null, "").markdown(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("furlongs");
    }

    @Test
    void theRealFiltersResultsFileIsRead() throws IOException {
        Path real = Path.of("FILTERS-RESULTS.json");
        Files.copy(real, dir.resolve("filters.json"));
        List<JmhResult> rs = SuiteResults.load(dir).results();
        assertThat(rs).hasSize(80);
        String md = report();
        assertThat(md).contains("| edgeMapOurs | 4000x3000 | 1 |");
    }

    @Test
    void theReadmeBlockBetweenTheMarkersIsReplacedAndTheRestKept() {
        String text = "intro\n" + PerformanceReport.BEGIN + "\nold\n" + PerformanceReport.END + "\noutro\n";
        assertThat(PerformanceReport.replaceBlock(text, "new table\n", "README.md"))
                .isEqualTo("intro\n" + PerformanceReport.BEGIN + "\nnew table\n" + PerformanceReport.END + "\noutro\n");
        assertThatThrownBy(() -> PerformanceReport.replaceBlock("no markers", "x", "README.md"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("README.md")
                .hasMessageContaining(PerformanceReport.BEGIN);
    }

    @Test
    void theJsonReaderReadsNumbersStringsEscapesAndNesting() {
        Object v = Json.parse("{\"a\": [1, -2.5e3, true, null], \"b\": \"x\\\"y\\u00e9\"}", "t");
        assertThat(v).isEqualTo(Map.of("a", new ArrayList<>(java.util.Arrays.asList(1.0, -2500.0, true, null)),
                "b", "x\"yé"));
        assertThatThrownBy(() -> Json.parse("[1, 2", "t.json")).hasMessageContaining("t.json");
        assertThatThrownBy(() -> Json.parse("[1] x", "t.json")).hasMessageContaining("after the JSON value");
    }
}
