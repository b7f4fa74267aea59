package dev.pixelprivacy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectJobArgumentsTest {

    @Test
    void jobOptionsAndTheToolsProtectionOptionsAreSeparated() {
        ProtectJob.Arguments a = ProtectJob.Arguments.parse("s3a://b/photos/", "hdfs://nn/more", "--output=hdfs://nn/out",
                "--glob", "*.jpg", "--no-recursive", "--batch", "4", "--wave", "500", "--partitions", "16",
                "--eps", "4/255", "--mask", "salient-defence", "--tilt-shift", "--threat-model", "spark-files:r.onnx");

        assertThat(a.inputs()).containsExactly("s3a://b/photos/", "hdfs://nn/more");
        assertThat(a.output()).isEqualTo("hdfs://nn/out");
        assertThat(a.glob()).isEqualTo("*.jpg");
        assertThat(a.recursive()).isFalse();
        assertThat(a.batch()).isEqualTo(4);
        assertThat(a.wave()).isEqualTo(500);
        assertThat(a.partitions()).isEqualTo(16);
        assertThat(a.settings()).isEqualTo(ProtectionSettings.builder().eps("4/255").mask("salient-defence")
                .tiltShift(true).threatModel("spark-files:r.onnx").build());
    }

    @Test
    void ensemblesJudgesAndTheChainAreTheToolsOptions() {
        ProtectJob.Arguments a = ProtectJob.Arguments.parse("in", "-o", "out", "--threat-model", "hdfs://nn/a.onnx",
                "--threat-model=spark-files:b.onnx", "--judge", "s3a://m/inception.onnx", "--judge=spark-files:c.onnx",
                "--after", "resize:1080,jpeg:75");

        assertThat(a.inputs()).containsExactly("in");
        assertThat(a.settings().threatModels()).containsExactly("hdfs://nn/a.onnx", "spark-files:b.onnx");
        assertThat(a.settings().judges()).containsExactly("s3a://m/inception.onnx", "spark-files:c.onnx");
        assertThat(a.settings().judgeNames()).containsExactly("inception.onnx", "c.onnx");
        assertThat(a.settings().after()).isEqualTo("resize:1080:lanczos,jpeg:75");
        assertThat(ProtectJob.Arguments.USAGE).contains("--judge", "--after");
        assertThatThrownBy(() -> ProtectJob.Arguments.parse("in", "-o", "out", "--after", "resize:0"))
                .hasMessageStartingWith("--after: ").hasMessageContaining("resize:0");
        assertThatThrownBy(() -> ProtectJob.Arguments.parse("in", "-o", "out", "--judge"))
                .hasMessageContaining("--judge needs a value");
    }

    @Test
    void defaultsAreTheTools() {
        ProtectJob.Arguments a = ProtectJob.Arguments.parse("in", "-o", "out");
        assertThat(a.settings()).isEqualTo(ProtectionSettings.defaults());
        assertThat(a.recursive()).isTrue();
        assertThat(a.glob()).isEqualTo(ProtectJob.DEFAULT_GLOB);
    }

    @Test
    void badArgumentsAreNamedWithTheUsage() {
        assertThatThrownBy(() -> ProtectJob.Arguments.parse("in")).hasMessageContaining("--output is required")
                .hasMessageContaining("usage:");
        assertThatThrownBy(() -> ProtectJob.Arguments.parse("-o", "out")).hasMessageContaining("no input");
        assertThatThrownBy(() -> ProtectJob.Arguments.parse("in", "-o", "out", "--colour", "red"))
                .hasMessageContaining("'--colour'");
        assertThatThrownBy(() -> ProtectJob.Arguments.parse("in", "-o", "out", "--wave", "0"))
                .hasMessageContaining("--wave").hasMessageContaining("'0'");
        assertThatThrownBy(() -> ProtectJob.Arguments.parse("in", "-o", "out", "--eps", "big"))
                .hasMessageContaining("--eps").hasMessageContaining("'big'");
    }

    @Test
    void theDriverRefusesWhatEveryTaskWould() {
        assertThatThrownBy(() -> ProtectJob.validate(ProtectionSettings.defaults(), null))
                .hasMessageContaining("--threat-model is required");
        assertThatThrownBy(() -> ProtectJob.validate(ProtectionSettings.builder().mask("nope").build(), new DemoNetworks()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("uniform");
    }

    @Test
    void outputsKeepTheirPathBelowTheirInputRoot() {
        OutputNames names = new OutputNames(List.of("file:///data/photos", "hdfs://nn/a/*/b"));
        assertThat(names.of("file:/data/photos/2026/x.jpg", ".png")).isEqualTo("2026/x.png");
        assertThat(names.of("hdfs://nn/a/7/b/y.tiff", ".jpg")).isEqualTo("7/b/y.jpg");
        assertThat(names.of("file:/elsewhere/z.png", ".png")).isEqualTo("z.png");
    }
}
