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
