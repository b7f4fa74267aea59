package dev.pixelprivacy.dl4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.OnnxModelBuilder;
import dev.pixelprivacy.dl4j.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelCheck on the tinynet fixture (its numbers are PyTorch's) and on a model it cannot load. */
class ModelCheckTest {
    @TempDir
    Path dir;

    @Test
    void writesPyTorchsOutputAndGradientForTheFixture() throws Exception {
        Path fx = Fixtures.onnxDir();
        Fixtures.Fixture f = Fixtures.load("tinynet");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ModelCheck.run(new String[] {"--model", fx.resolve("tinynet.onnx").toString(), "--input",
            fx.resolve("tinynet.input.npy").toString(), "--objective", "cross_entropy", "--labels", "0,3",
            "--out-output", dir.resolve("o.npy").toString(), "--out-grad", dir.resolve("g.npy").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(report).contains("ConvTranspose").contains("output 'output': [2, 7]").contains("objective cross_entropy: 3.89398")
                .contains("forward:").contains("gradient:");
        assertThat(Fixtures.maxAbsRelative(Npy.read(dir.resolve("o.npy")).data(), f.output().data())).isLessThan(1e-4);
        assertThat(Fixtures.relativeL2(Npy.read(dir.resolve("g.npy")).data(), f.grad().data())).isLessThan(1e-3);
        assertThat(Npy.read(dir.resolve("g.npy")).shape()).containsExactly(2, 3, 32, 32);
    }

    @Test
    void exitsNonZeroWithTheLoadersMessage() throws Exception {
        Path model = dir.resolve("elu.onnx");
        Files.write(model, new OnnxModelBuilder(13).input("x", 1, 3, 4, 4).node("Elu", new String[] {"x"}, "y").output("y").toBytes());
        Path input = dir.resolve("x.npy");
        Npy.write(input, new long[] {1, 3, 4, 4}, new float[48]);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ModelCheck.run(new String[] {"--model", model.toString(), "--input", input.toString(), "--objective", "mean_output"},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unsupported operator Elu").contains("/Elu_0");
    }

    @Test
    void checksAKerasModelFedAsKerasTakesIt() throws Exception {
        Path keras = Fixtures.kerasDir();
        int n = 224 * 224 * 3;
        Path input = dir.resolve("photo.npy");
        Npy.write(input, new long[] {1, 224, 224, 3},
                java.util.Arrays.copyOf(Npy.read(keras.resolve("nsfw_mobilenet_v2.input.npy")).data(), n));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ModelCheck.run(new String[] {"--model", keras.resolve("nsfw_mobilenet_v2.h5").toString(), "--input",
            input.toString(), "--objective", "cross_entropy", "--labels", "2", "--out-output", dir.resolve("o.npy").toString(),
            "--out-grad", dir.resolve("g.npy").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("KERAS_HDF5").contains("DepthwiseConv2D=17").contains("output 'dense_3': [1, 5]");
        float[] logits = java.util.Arrays.copyOf(Npy.read(keras.resolve("nsfw_mobilenet_v2.logits.npy")).data(), 5);
        assertThat(Fixtures.maxAbsRelative(Npy.read(dir.resolve("o.npy")).data(), logits)).isLessThan(1e-4);
        Npy.Array g = Npy.read(dir.resolve("g.npy"));
        assertThat(g.shape()).containsExactly(1, 224, 224, 3);
        float[] tfjs = java.util.Arrays.copyOf(Npy.read(keras.resolve("nsfw_mobilenet_v2.grad.npy")).data(), n);
        assertThat(Fixtures.relativeL2(g.data(), tfjs)).isLessThan(1e-3);
    }
}
