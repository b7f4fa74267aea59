package dev.pixelprivacy.paper.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.Epsilon;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectionSettingsTest {

    @Test
    void defaultsAreTheCommandLinesDefaults() {
        ProtectionSettings s = ProtectionSettings.defaults();
        assertThat(s.method()).isEqualTo("fgsm");
        assertThat(s.robust()).isFalse();
        assertThat(s.eot()).isNull();
        assertThat(s.seed()).isZero();
        assertThat(s.epsilon()).isEqualTo(Epsilon.of255(8));
        assertThat(s.mask()).isEqualTo("uniform");
        assertThat(s.tiltShift()).isFalse();
        assertThat(s.coupled()).isFalse();
        assertThat(s.lambda()).isEqualTo(1.0);
        assertThat(s.size()).isNull();
        assertThat(s.format()).isEqualTo(ProtectionSettings.OutputFormat.PNG);
        assertThat(s.threatModel()).isNull();
    }

    @Test
    void argumentsRoundTripToEqualSettingsAndKey() {
        ProtectionSettings s = ProtectionSettings.builder().options(List.of("--method", "mi-fgsm", "--steps=5",
                "--eps", "0.01n", "--mask", "salient-defence", "--mask-options", "value=0.5", "--tilt-shift",
                "--size", "256", "--format", "jpeg", "--jpeg-quality", "90", "--threat-model", "hdfs://nn/m.onnx",
                "--nima", "s3a://b/nima.onnx", "--coupled", "--lambda", "0.5")).build();

        ProtectionSettings again = ProtectionSettings.builder().options(s.toArguments()).build();

        assertThat(again).isEqualTo(s);
        assertThat(again.key()).isEqualTo(s.key()).hasSize(64);
        assertThat(s.method()).isEqualTo("mi-fgsm");
        assertThat(s.steps()).isEqualTo(5);
        assertThat(s.epsilon()).isEqualTo(Epsilon.imageNetNormalised(0.01));
        assertThat(s.toString()).contains("mask=salient-defence", "size=256", "format=JPEG", "nima=s3a://b/nima.onnx");
    }

    @Test
    void keyChangesWithAnySettingThatChangesTheOutput() {
        String base = ProtectionSettings.defaults().key();
        assertThat(ProtectionSettings.builder().eps("4/255").build().key()).isNotEqualTo(base);
        assertThat(ProtectionSettings.builder().tiltShift(true).build().key()).isNotEqualTo(base);
        assertThat(ProtectionSettings.builder().format(ProtectionSettings.OutputFormat.JPEG).build().key())
                .isNotEqualTo(base);
        assertThat(ProtectionSettings.builder().build().key()).isEqualTo(base);
    }

    @Test
    void transferAttackNamesRobustPresetAndTransformsRoundTrip() {
        ProtectionSettings s = ProtectionSettings.builder().options(List.of("--method", "DI-TI-MI-FGSM", "--eot",
                "resize:long=720..2048:kernel=any,jpeg:q=70..95", "--eot-samples", "2", "--seed", "7")).build();
        assertThat(s.method()).isEqualTo("di-ti-mi-fgsm");
        assertThat(s.eot()).isEqualTo("resize:long=720..2048:kernel=any,jpeg:q=70..95");
        assertThat(s.eotSamples()).isEqualTo(2);
        assertThat(s.seed()).isEqualTo(7);
        assertThat(ProtectionSettings.builder().options(s.toArguments()).build()).isEqualTo(s);
        ProtectionSettings robust = ProtectionSettings.builder().options(List.of("--robust")).build();
        assertThat(robust.robust()).isTrue();
        assertThat(ProtectionSettings.builder().options(robust.toArguments()).build()).isEqualTo(robust);
        assertThat(robust.key()).isNotEqualTo(ProtectionSettings.defaults().key());
        assertThat(s.key()).isNotEqualTo(ProtectionSettings.builder().options(List.of("--method", "di-ti-mi-fgsm"))
                .build().key());
    }

    @Test
    void settingsAddedLaterLeaveTheArgumentsOfEarlierRunsAlone() {
        // a run manifest written before --robust, --eot and --seed existed keeps its key
        assertThat(ProtectionSettings.defaults().toArguments()).containsExactly("--method", "fgsm", "--eps", "8/255",
                "--mask", "uniform", "--lambda", "1.0", "--format", "png", "--jpeg-quality", "90");
    }

    @Test
    void oneThreatModelKeepsTheArgumentsOfEarlierRunsAndSeveralMakeAnEnsembleWithItsOwnKey() {
        ProtectionSettings one = ProtectionSettings.builder().options(List.of("--threat-model", "hdfs://nn/a.onnx"))
                .build();
        // as written before --threat-model was repeatable: a single model's rows keep their key
        assertThat(one.toArguments()).containsExactly("--method", "fgsm", "--eps", "8/255", "--mask", "uniform",
                "--lambda", "1.0", "--format", "png", "--jpeg-quality", "90", "--threat-model", "hdfs://nn/a.onnx");
        assertThat(one.threatModel()).isEqualTo("hdfs://nn/a.onnx");
        assertThat(one.threatModels()).containsExactly("hdfs://nn/a.onnx");
        assertThat(one).isEqualTo(ProtectionSettings.builder().threatModel("hdfs://nn/a.onnx").build());

        ProtectionSettings two = ProtectionSettings.builder().options(List.of("--threat-model", "hdfs://nn/a.onnx",
                "--threat-model=s3a://b/c.onnx")).build();
        assertThat(two.threatModels()).containsExactly("hdfs://nn/a.onnx", "s3a://b/c.onnx");
        assertThat(two.threatModel()).isEqualTo("hdfs://nn/a.onnx");
        assertThat(ProtectionSettings.builder().options(two.toArguments()).build()).isEqualTo(two);
        assertThat(two.key()).isNotEqualTo(one.key());
        ProtectionSettings swapped = ProtectionSettings.builder().threatModels(List.of("s3a://b/c.onnx",
                "hdfs://nn/a.onnx")).build();
        assertThat(swapped.key()).isNotEqualTo(two.key());
        assertThat(two.toString()).contains("threatModel=hdfs://nn/a.onnx+s3a://b/c.onnx");
        assertThat(ProtectionSettings.builder().threatModels(List.of()).build()).isEqualTo(ProtectionSettings.defaults());
    }

    @Test
    void judgesAndTheChainAreParsedAndEnterTheKey() {
        ProtectionSettings s = ProtectionSettings.builder().options(List.of("--judge", "hdfs://nn/m/a.onnx",
                "--judge", "spark-files:b.onnx", "--after", " resize:1080 , jpeg:75")).build();

        assertThat(s.judges()).containsExactly("hdfs://nn/m/a.onnx", "spark-files:b.onnx");
        assertThat(s.judgeNames()).containsExactly("a.onnx", "b.onnx");
        assertThat(s.after()).isEqualTo("resize:1080:lanczos,jpeg:75"); // the chain's spec, kernel spelled out
        assertThat(s.chain().spec()).isEqualTo("resize:1080:lanczos,jpeg:75");
        assertThat(s.verifies()).isTrue();
        assertThat(s.toArguments()).endsWith("--judge", "hdfs://nn/m/a.onnx", "--judge", "spark-files:b.onnx",
                "--after", "resize:1080:lanczos,jpeg:75");
        assertThat(ProtectionSettings.builder().options(s.toArguments()).build()).isEqualTo(s);
        assertThat(s.key()).isEqualTo(ProtectionSettings.builder().judges(List.of("hdfs://nn/m/a.onnx",
                "spark-files:b.onnx")).after("resize:1080:lanczos,jpeg:75").build().key());

        // a rerun with other judges or another chain must not reuse old rows
        String base = ProtectionSettings.defaults().key();
        assertThat(s.key()).isNotEqualTo(base);
        assertThat(ProtectionSettings.builder().judges(List.of("hdfs://nn/m/a.onnx")).after("resize:1080,jpeg:75")
                .build().key()).isNotEqualTo(s.key());
        assertThat(ProtectionSettings.builder().judges(s.judges()).after("resize:1080,jpeg:80").build().key())
                .isNotEqualTo(s.key());
        assertThat(ProtectionSettings.builder().judges(s.judges()).build().key()).isNotEqualTo(s.key());
    }

    @Test
    void aJudgeWithoutAChainJudgesTheFileAsWrittenAndAChainAloneMeasuresOnly() {
        // as the command line's protect: either alone verifies
        ProtectionSettings judgeOnly = ProtectionSettings.builder().options(List.of("--judge", "j.onnx")).build();
        assertThat(judgeOnly.verifies()).isTrue();
        assertThat(judgeOnly.after()).isNull();
        assertThat(judgeOnly.chain().isNone()).isTrue();
        ProtectionSettings chainOnly = ProtectionSettings.builder().options(List.of("--after", "jpeg:75")).build();
        assertThat(chainOnly.verifies()).isTrue();
        assertThat(chainOnly.judges()).isEmpty();
        assertThat(chainOnly.chain().spec()).isEqualTo("jpeg:75");
        assertThat(ProtectionSettings.defaults().verifies()).isFalse();
        assertThat(ProtectionSettings.defaults().chain().isNone()).isTrue();
        assertThat(ProtectionSettings.defaults().toString()).doesNotContain("judges");
        assertThat(chainOnly.toString()).contains("judges=[]", "after=jpeg:75");
    }

    @Test
    void judgesAreNamedByTheirFilesAsTheCommandLineNamesThem() {
        assertThat(ProtectionSettings.judgeName("hdfs://nn:8020/models/places/resnet.onnx")).isEqualTo("resnet.onnx");
        assertThat(ProtectionSettings.judgeName("spark-files:judge.onnx")).isEqualTo("judge.onnx");
        assertThat(ProtectionSettings.judgeName("/models/nsfwjs/model.json")).isEqualTo("nsfwjs/model.json");
        assertThat(ProtectionSettings.judgeName("C:\\models\\a.onnx")).isEqualTo("a.onnx");
        assertThat(ProtectionSettings.judgeNames(List.of("/x/a.onnx", "/y/a.onnx", "/z/b.onnx", "s3a://k/a.onnx")))
                .containsExactly("a.onnx", "a.onnx#2", "b.onnx", "a.onnx#3");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--eps", "lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--eps").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--method", "cw"))
                .hasMessageContaining("--method").hasMessageContaining("fgsm, bim, pgd, mi-fgsm").hasMessageContaining("'cw'");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--eot", "resize:long=720..2048,blur:3"))
                .hasMessageContaining("blur");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--eot-samples", "0")).hasMessageContaining("--eot-samples");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--seed", "x")).hasMessageContaining("--seed");
        assertThatThrownBy(() -> ProtectionSettings.builder().robust(true).eot("jpeg:q=75").build())
                .hasMessageContaining("--robust").hasMessageContaining("--eot");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--format", "gif"))
                .hasMessageContaining("png, jpeg or same").hasMessageContaining("'gif'");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--size", "0")).hasMessageContaining("--size");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--jpeg-quality", "101"))
                .hasMessageContaining("101");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--colour", "red"))
                .hasMessageContaining("--colour").hasMessageContaining("--eps");
        assertThatThrownBy(() -> ProtectionSettings.builder().options(List.of("--eps")))
                .hasMessageContaining("--eps needs a value");
        assertThatThrownBy(() -> ProtectionSettings.builder().coupled(true).build()).hasMessageContaining("--nima");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--after", "resize:1080,jpeg:0"))
                .hasMessageStartingWith("--after: ").hasMessageContaining("resize:1080,jpeg:0")
                .hasMessageContaining("jpeg quality must be in [1, 100] but was 0");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--after", "blur:3"))
                .hasMessageStartingWith("--after: ").hasMessageContaining("'blur'");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--after", " ")).hasMessageStartingWith("--after: ");
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--judge", " "))
                .hasMessageContaining("--judge needs a value");
        assertThatThrownBy(() -> ProtectionSettings.builder().options(List.of("--judge")))
                .hasMessageContaining("--judge needs a value");
        assertThatThrownBy(() -> ProtectionSettings.builder().threatModels(List.of("a.onnx", "")))
                .hasMessageContaining("--threat-model needs a value");
    }

    @Test
    void jpegQualityDefaultsToTheCommandLinesAndTakesItsOptionName() {
        assertThat(ProtectionSettings.defaults().jpegQuality()).isEqualTo(90);
        ProtectionSettings q = ProtectionSettings.builder().options(List.of("--quality", "75")).build();
        assertThat(q.jpegQuality()).isEqualTo(75);
        assertThat(q).isEqualTo(ProtectionSettings.builder().option("--jpeg-quality", "75").build());
        assertThatThrownBy(() -> ProtectionSettings.builder().option("--quality", "0"))
                .hasMessageContaining("--quality").hasMessageContaining("0");
    }

    @Test
    void classNamesDropPlacesTrailingIndices() {
        assertThat(Networks.classNames("/a/airfield 0\n/a/airplane_cabin 1\n\nbeach\n"))
                .containsExactly("/a/airfield", "/a/airplane_cabin", "beach");
    }
}
