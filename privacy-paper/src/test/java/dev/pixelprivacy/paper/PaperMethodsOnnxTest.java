package dev.pixelprivacy.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.attack.Epsilon;
import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.core.protect.ImageProtection;
import dev.pixelprivacy.core.protect.ProtectionResult;
import dev.pixelprivacy.core.testing.TestImages;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one-call entry of the README: an ONNX threat model file in, Salient Defence out. */
class PaperMethodsOnnxTest {

    @Test
    void oneCallProtectsAPhotoAtItsOwnSizeWithSalientDefence() throws Exception {
        Path model = Fixtures.load("resnet18_places").model();
        PaperMethods paper = PaperMethods.onnx(model).build();
        ImageProtection salientDefence = paper.protection(PaperMethod.SALIENT_DEFENCE, Epsilon.of255(8));
        RgbImage photo = TestImages.random8Bit(300, 200, 11);
        ProtectionResult r = salientDefence.protect(photo);

        assertThat(r.output().width()).isEqualTo(300);
        assertThat(r.output().height()).isEqualTo(200);
        assertThat(r.trueLabel()).isEqualTo(paper.threatModel().predict(photo).label());
        int plane = 300 * 200;
        int changed = 0;
        for (int k = 0; k < 3 * plane; k++) {
            float m = r.mask().data()[k % plane];
            float d = Math.abs(r.output().data()[k] - photo.data()[k]);
            if (m == 0f) {
                assertThat(d).as("sample %d under a zero mask", k).isZero();
            }
            assertThat(d).isLessThanOrEqualTo(8f / 255 * m + 1e-6f);
            changed += d > 0 ? 1 : 0;
        }
        assertThat(changed).isPositive();
    }

    @Test
    void aMissingFileIsAnIoErrorNamingIt() {
        Path missing = Path.of("no-such-model.onnx");
        assertThatThrownBy(() -> PaperMethods.onnx(missing)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("no-such-model.onnx");
    }
}
