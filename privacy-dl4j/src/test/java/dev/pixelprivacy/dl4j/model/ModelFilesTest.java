package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.dl4j.keras.KerasImport;
import dev.pixelprivacy.dl4j.keras.ModelFormat;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import dev.pixelprivacy.dl4j.tools.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network files are told apart by content, and a Keras network serves the threat-model role as an ONNX
 * one does: NCHW [0, 1] RGB in, logits out, the gradient in [0, 1] RGB. Numbers are TF.js's own
 * (fixtures/keras), for the first oracle photograph.
 */
class ModelFilesTest {
    private static final int S = 224;

    @TempDir
    Path dir;

    @Test
    void formatsAreDecidedByContentNotByName() throws Exception {
        Path keras = Fixtures.kerasDir();
        Path h5 = Files.copy(keras.resolve("nsfw_mobilenet_v2.h5"), dir.resolve("looks_like.onnx"));
        Path json = Files.copy(keras.resolve("nsfw_mobilenet_v2.tfjs/model.json"), dir.resolve("model.h5"));
        Path onnx = Files.copy(Fixtures.onnxDir().resolve("tinynet.onnx"), dir.resolve("model.json"));
        assertThat(ModelFormat.detect(h5)).isEqualTo(ModelFormat.KERAS_HDF5);
        assertThat(ModelFormat.detect(json)).isEqualTo(ModelFormat.TFJS_LAYERS);
        assertThat(ModelFormat.detect(onnx)).isEqualTo(ModelFormat.ONNX);
        assertThat(ModelFiles.load(onnx, ModelFiles.Role.CLASSIFIER).operators()).contains("ConvTranspose");
        OnnxModel fromH5 = ModelFiles.load(h5, ModelFiles.Role.DISTRIBUTION);
        assertThat(KerasImport.isKerasImport(fromH5)).isTrue();
        assertThat(fromH5.declaredInputShape()).containsExactly(-1, 3, S, S);
    }

    @Test
    void aTfjsModelWithoutItsShardsNamesTheMissingShard() throws Exception {
        Path json = Files.copy(Fixtures.kerasDir().resolve("nsfw_mobilenet_v2.tfjs/model.json"), dir.resolve("model.json"));
        assertThatThrownBy(() -> ModelFiles.load(json, ModelFiles.Role.CLASSIFIER))
                .isInstanceOf(OnnxImportException.class).hasMessageContaining("group1-shard1of1").hasMessageContaining("does not exist");
    }

    @Test
    void aKerasThreatModelGivesTensorFlowJsLogitsAndGradientInRgbSpace() throws Exception {
        Path keras = Fixtures.kerasDir();
        OnnxModel m = ModelFiles.load(keras.resolve("nsfw_mobilenet_v2.tfjs/model.json"), ModelFiles.Role.CLASSIFIER);
        Preprocessing p = ModelFiles.preprocessing(m, Preprocessing.imagenet256());
        assertThat(p.resizeRule()).isEqualTo(Preprocessing.ResizeRule.ANTIALIASED);
        assertThat(ModelFiles.preprocessing(m, Preprocessing.nima224()).resizeRule()).isEqualTo(Preprocessing.ResizeRule.BILINEAR);
        assertThat(p.inputWidth(500)).isEqualTo(S);
        assertThat(p.inputHeight(300)).isEqualTo(S);
        float[] nhwc = Arrays.copyOf(Npy.read(keras.resolve("nsfw_mobilenet_v2.input.npy")).data(), S * S * 3);
        ImageBatch batch = ImageBatch.wrap(1, S, S, Fixtures.nhwcToNchw(nhwc, 1, S, S, 3));
        try (OnnxThreatModel threat = new OnnxThreatModel(m, p)) {
            assertThat(threat.classCount()).isEqualTo(5);
            LossGradient g = threat.lossGradient(batch, new int[] {2}, ClassifierLoss.CROSS_ENTROPY);
            float[] logits = Arrays.copyOf(Npy.read(keras.resolve("nsfw_mobilenet_v2.logits.npy")).data(), 5);
            assertThat(Fixtures.maxAbsRelative(g.logits()[0], logits)).isLessThan(1e-4);
            float[] tfjs = Arrays.copyOf(Npy.read(keras.resolve("nsfw_mobilenet_v2.grad.npy")).data(), S * S * 3);
            float[] ours = Fixtures.nchwToNhwc(g.gradient().data(), 1, 3, S, S);
            assertThat(Fixtures.relativeL2(ours, tfjs)).isLessThan(1e-3);
        }
    }
}
