package dev.pixelprivacy.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The training program: reproducible, and its ONNX export is what SameDiff trained. */
class TrainDemoModelTest {
    /** A short run: three steps of four 64x64 crops of 96x96 scenes, jittered and smoothed as the real run. */
    private static final TrainDemoModel.Settings SHORT =
            new TrainDemoModel.Settings(42L, 2_000_000L, 2, 96, 64, 3, 4, 1e-3, 0.5, true);
    private static DemoCnn.Parameters first;
    private static List<Double> losses = new ArrayList<>();

    @BeforeAll
    static void trainOnce() {
        first = TrainDemoModel.train(SHORT, 1, (step, loss) -> losses.add(loss));
    }

    @Test
    void aRerunGivesBitIdenticalWeights() {
        DemoCnn.Parameters second = TrainDemoModel.train(SHORT, 1, null);
        for (String name : DemoCnn.SCENES.parameterNames()) {
            assertThat(second.get(name)).as(name).containsExactly(first.get(name));
        }
        assertThat(second).isEqualTo(first);
    }

    @Test
    void trainingChangesTheWeightsAndReportsFiniteLosses() {
        DemoCnn.Parameters init = DemoCnn.initialise(DemoCnn.SCENES, SHORT.seed());
        for (String name : DemoCnn.SCENES.parameterNames()) {
            assertThat(first.get(name)).as(name).isNotEqualTo(init.get(name));
        }
        assertThat(losses).hasSize(3).allSatisfy(l -> assertThat(l).isFinite().isPositive());
        // another initialisation seed gives other weights: the seed is what fixes them
        assertThat(DemoCnn.initialise(DemoCnn.SCENES, SHORT.seed() + 1)).isNotEqualTo(init);
        assertThat(DemoCnn.initialise(DemoCnn.SCENES, SHORT.seed())).isEqualTo(init);
    }

    @Test
    void theExportedOnnxGivesTheSameLogitsAsTheSameDiffGraph() {
        DemoModel imported = DemoModel.fromBytes(TrainDemoModel.export(first, SHORT));
        assertThat(imported.onnxModel().opset()).isEqualTo(13);
        assertThat(imported.onnxModel().operators())
                .containsExactlyInAnyOrder("Conv", "Relu", "AveragePool", "GlobalAveragePool", "Flatten", "Gemm");
        // two sizes through the same file: the input's N, H and W are symbolic
        for (int[] size : new int[][] {{64, 64}, {96, 72}}) {
            List<RgbImage> images = List.of(SceneGenerator.scene(0, size[0], size[1], 3),
                    SceneGenerator.scene(3, size[0], size[1], 4), SceneGenerator.scene(2, size[0], size[1], 5));
            ImageBatch batch = ImageBatch.of(images);
            float[] x = TrainDemoModel.PREPROCESSING.apply(batch);
            long[] shape = {images.size(), 3, size[1], size[0]};
            float[] trained = DemoCnn.logits(DemoCnn.graph(first, true), x, shape);
            float[] frozen = DemoCnn.logits(DemoCnn.graph(first, false), x, shape);
            float[][] onnx = imported.threatModel().logits(batch);
            for (int i = 0; i < images.size(); i++) {
                for (int c = 0; c < 4; c++) {
                    // same ops in the same order: agreement to float rounding
                    assertThat(onnx[i][c]).as("image %d class %d at %dx%d", i, c, size[0], size[1])
                            .isCloseTo(trained[i * 4 + c], within(1e-5f * (1 + Math.abs(trained[i * 4 + c]))));
                    assertThat(frozen[i * 4 + c]).isEqualTo(trained[i * 4 + c]);
                }
            }
        }
    }

    @Test
    void reExportingTheShippedWeightsReproducesTheShippedFileByteForByte() throws Exception {
        byte[] shipped;
        try (java.io.InputStream in = DemoModel.class.getResourceAsStream(DemoModel.RESOURCE)) {
            shipped = in.readAllBytes();
        }
        // the shipped initializers back into the training layout: conv OIHW -> YXIO, fc [classes, in] -> [in, classes]
        java.util.Map<String, float[]> values = new java.util.HashMap<>();
        for (Onnx.TensorProto t : Onnx.ModelProto.parseFrom(shipped).getGraph().getInitializerList()) {
            float[] v = new float[t.getRawData().size() / 4];
            t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            org.nd4j.linalg.api.ndarray.INDArray a = org.nd4j.linalg.factory.Nd4j.create(v, dims, 'c');
            if (dims.length == 4) {
                a = a.permute(2, 3, 1, 0).dup('c');
            } else if (dims.length == 2) {
                a = a.transpose().dup('c');
            }
            values.put(t.getName(), a.reshape(a.length()).toFloatVector());
        }
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(DemoCnn.SCENES.parameterNames());
        java.util.Map<String, float[]> ordered = new java.util.LinkedHashMap<>();
        DemoCnn.SCENES.parameterNames().forEach(n -> ordered.put(n, values.get(n)));
        byte[] again = TrainDemoModel.export(new DemoCnn.Parameters(DemoCnn.SCENES, ordered), TrainDemoModel.DEFAULT);
        assertThat(again).isEqualTo(shipped);
    }

    @Test
    void cropsAreSquaresOfTheSceneAtItsOwnScale() {
        RgbImage scene = SceneGenerator.scene(2, 70, 60, 8);
        RgbImage c = TrainDemoModel.crop(scene, 5, 7, 40);
        assertThat(c.width()).isEqualTo(40);
        assertThat(c.height()).isEqualTo(40);
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < 40; y += 13) {
                for (int x = 0; x < 40; x += 11) {
                    assertThat(c.data()[(ch * 40 + y) * 40 + x]).isEqualTo(scene.data()[ch * 70 * 60 + (y + 7) * 70 + x + 5]);
                }
            }
        }
    }

    @Test
    void jitterPermutesAndScalesChannelsWithinRange() {
        RgbImage img = SceneGenerator.scene(1, 40, 32, 9);
        RgbImage a = TrainDemoModel.jitter(img, new SplittableRandom(5));
        RgbImage b = TrainDemoModel.jitter(img, new SplittableRandom(5));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(img);
        for (float v : a.data()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void settingsRefuseSeedsThatReachTheHeldOutScenes() {
        assertThatThrownBy(() -> new TrainDemoModel.Settings(1, TrainDemoModel.HELD_OUT_SEED - 10, 20, 64, 64, 10, 4,
                1e-3, 0, false)).hasMessageContaining("seeds");
        assertThatThrownBy(() -> new TrainDemoModel.Settings(1, 2_000_000L, 2, 64, 64, 10, 6, 1e-3, 0, false))
                .hasMessageContaining("multiple");
        assertThatThrownBy(() -> new TrainDemoModel.Settings(1, 2_000_000L, 2, 64, 16, 10, 4, 1e-3, 0, false))
                .hasMessageContaining("at least 32");
    }
}
