package dev.pixelprivacy.dl4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External tensor data is read only from regular files inside the model's folder, within their length:
 * a model file is untrusted input, and its {@code location} must not reach other files or devices.
 */
class ExternalDataTest {
    private static final float[] K = {1f, -2f, 3f, 0.5f};

    @TempDir
    Path root;
    private Path dir;

    @BeforeEach
    void weightsFileBesideTheModel() throws IOException {
        dir = Files.createDirectory(root.resolve("model"));
        Files.write(dir.resolve("k.bin"), bytes(K));
        Files.write(root.resolve("outside.bin"), bytes(K));
    }

    /** y = x + k, k stored externally at the given location, offset and length (null: not declared). */
    private Path model(String location, Long offset, Long length) throws IOException {
        byte[] built = new OnnxModelBuilder(13).input("x", 1, 4).initializer("k", new float[4], 4)
                .node("Add", new String[] {"x", "k"}, "y").output("y").toBytes();
        Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(built);
        Onnx.TensorProto.Builder k = proto.getGraph().getInitializer(0).toBuilder().clearRawData()
                .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location));
        if (offset != null) {
            k.addExternalData(entry("offset", offset.toString()));
        }
        if (length != null) {
            k.addExternalData(entry("length", length.toString()));
        }
        Onnx.ModelProto.Builder m = proto.toBuilder();
        m.getGraphBuilder().setInitializer(0, k);
        Path file = dir.resolve("model.onnx");
        Files.write(file, m.build().toByteArray());
        return file;
    }

    private static Onnx.StringStringEntryProto entry(String key, String value) {
        return Onnx.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    @Test
    void aFileInTheModelsFolderIsRead() throws IOException {
        OnnxModel m = OnnxModel.load(model("k.bin", 0L, 16L));
        assertThat(m.network(new long[] {1, 4}, null).output(new float[] {1, 1, 1, 1})).containsExactly(2f, -1f, 4f, 1.5f);
    }

    @Test
    void anAbsolutePathIsRefused() throws IOException {
        String location = root.resolve("outside.bin").toAbsolutePath().toString();
        Path file = model(location, null, null);
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining(location).hasMessageContaining("absolute path");
    }

    @Test
    void aDotDotEscapeIsRefused() throws IOException {
        Path file = model("../outside.bin", null, null);
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining("'../outside.bin'")
                .hasMessageContaining("outside the model's folder");
    }

    @Test
    void aSymbolicLinkOutOfTheFolderIsRefused() throws IOException {
        Files.createSymbolicLink(dir.resolve("link.bin"), root.resolve("outside.bin"));
        Path file = model("link.bin", null, null);
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining("'link.bin'").hasMessageContaining("symbolic link");
    }

    @Test
    void aSymbolicLinkToADeviceIsRefused() throws IOException {
        Files.createSymbolicLink(dir.resolve("zero.bin"), Path.of("/dev/zero"));
        Path file = model("zero.bin", null, null);
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining("'zero.bin'").hasMessageContaining("refused");
    }

    @Test
    void somethingOtherThanARegularFileIsRefused() throws IOException {
        Files.createDirectory(dir.resolve("weights"));
        Path file = model("weights", null, null);
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining("'weights'").hasMessageContaining("not a regular file");
    }

    @Test
    void anOffsetAndLengthBeyondTheFileAreRefused() throws IOException {
        Path file = model("k.bin", 8L, 16L);
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining("'k.bin'").hasMessageContaining("beyond the end");
    }

    @Test
    void aDeclaredLengthOtherThanTheTensorsIsRefused() throws IOException {
        Path file = model("k.bin", 0L, 8L);
        assertThatThrownBy(() -> OnnxModel.load(file)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining("'k.bin'").hasMessageContaining("declared length 8");
    }

    @Test
    void aModelFromBytesHasNoFolderToReadFrom() throws IOException {
        byte[] bytes = Files.readAllBytes(model("k.bin", 0L, 16L));
        assertThatThrownBy(() -> OnnxModel.fromBytes(bytes)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("tensor 'k'").hasMessageContaining("not loaded from a file");
    }
}
