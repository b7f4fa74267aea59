package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.examples.testing.BrightnessJudges;
import dev.pixelprivacy.paper.verify.Judge;
import dev.pixelprivacy.paper.verify.PlatformChain;
import dev.pixelprivacy.paper.verify.Verification;
import dev.pixelprivacy.paper.verify.Verifier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The shared verification options and the columns, JSON and console text a command writes from one
 * verification. Judges: closed-form linear classifiers thresholding the mean brightness of a flat grey
 * photo that the "protection" brightens by 8 levels, so which judge changes is known.
 */
class VerificationOptionsTest {
    private static final RgbImage GREY = BrightnessJudges.grey(32, 100);
    private static final RgbImage BRIGHTER = BrightnessJudges.grey(32, 108);

    private static Judge brighterThan(String name, int k) {
        return BrightnessJudges.brighterThan(name, 32, k);
    }

    private static VerificationOptions parse(String... args) {
        VerificationOptions o = new VerificationOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void optionsParseAndAreCheckedBeforeAnyWork() throws Exception {
        VerificationOptions none = parse();
        assertThat(none.active()).isFalse();
        assertThat(none.verifier()).isNull();
        VerificationOptions chainOnly = parse("--after", "resize:1080:bicubic,jpeg:80");
        assertThat(chainOnly.verifier().chain().spec()).isEqualTo("resize:1080:bicubic,jpeg:80");
        assertThat(chainOnly.verifier().judges()).isEmpty();
        assertThatThrownBy(() -> parse("--after", "jpeg:0").chain()).hasMessageStartingWith("--after: ")
                .hasMessageContaining("step 'jpeg:0'");
        assertThatThrownBy(() -> parse("--adaptive-eps").verifier()).hasMessageContaining("needs at least one --judge");
        assertThatThrownBy(() -> parse("--judge", "no-such-model.onnx").verifier())
                .hasMessageContaining("--judge").hasMessageContaining("no-such-model.onnx").hasMessageContaining("does not exist");
        assertThat(parse("--judge", "a.onnx", "--judge", "b.onnx").judgeFiles).containsExactly(Path.of("a.onnx"), Path.of("b.onnx"));
    }

    @Test
    void oneVerificationBecomesColumnsJsonAndAConsoleLine() {
        List<Judge> judges = List.of(brighterThan("white-box.onnx", 4), brighterThan("other.onnx", 12));
        Verification v = Verifier.of(PlatformChain.parse("jpeg:90"), judges).verify(GREY, BRIGHTER);
        List<String> header = VerificationOptions.header(judges);
        List<String> columns = VerificationOptions.columns(v, judges);
        assertThat(header).containsExactly("after_chain", "judge_white-box.onnx_before", "judge_white-box.onnx_after",
                "judge_white-box.onnx_changed", "judge_other.onnx_before", "judge_other.onnx_after", "judge_other.onnx_changed",
                "all_judges_changed", "written_psnr", "written_ssim", "written_ciede2000", "written_ciede2000_max");
        assertThat(columns.subList(0, 8)).containsExactly("jpeg:90", "0", "1", "true", "0", "0", "false", "false");
        // A uniform change of 8 levels: PSNR 20 log10(255 / 8) = 30.0692 dB (float samples: to about 1e-3).
        assertThat(Double.parseDouble(columns.get(8))).isCloseTo(20 * Math.log10(255.0 / 8), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(VerificationOptions.columns(null, judges)).hasSize(header.size()).containsOnly("");
        assertThat(VerificationOptions.json(v).toString()).startsWith("{\"after\":\"jpeg:90\",\"judges\":{"
                + "\"white-box.onnx\":{\"before\":0,\"after\":1,\"changed\":true},"
                + "\"other.onnx\":{\"before\":0,\"after\":0,\"changed\":false}},\"allJudgesChanged\":false,\"psnr\":"
                + columns.get(8) + ",\"ssim\":" + columns.get(9) + ",\"ciede2000\":" + columns.get(10) + ",");
        assertThat(VerificationOptions.describe(v)).startsWith("after jpeg:90: white-box.onnx 0 -> 1 (changed); other.onnx 0 -> 0 (same);")
                .contains("CIEDE2000 ");
    }
}
