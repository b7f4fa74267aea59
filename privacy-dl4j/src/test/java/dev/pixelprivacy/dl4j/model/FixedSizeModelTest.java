package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.core.image.RgbImage;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import org.junit.jupiter.api.Test;

class FixedSizeModelTest {

    @Test
    void aModelThatOnlyAcceptsItsDeclaredSizeLoadsWithoutAResizeRule() throws Exception {
        // tinynet's graph fixes 32x32 (its Resize and Concat shapes are static); probing it at 256x256
        // would fail, so the adapter probes at the declared size.
        OnnxModel tiny = OnnxModel.load(Fixtures.load("tinynet").model());
        OnnxThreatModel m = new OnnxThreatModel(tiny, Preprocessing.builder().build());
        assertThat(m.classCount()).isEqualTo(7);
        assertThat(m.logits(RgbImage.filled(32, 32, 0.2f, 0.4f, 0.6f))).hasSize(7);
    }
}
