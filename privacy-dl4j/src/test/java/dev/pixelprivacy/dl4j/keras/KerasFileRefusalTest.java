package dev.pixelprivacy.dl4j.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.dl4j.keras.internal.Hdf5Writer;
import dev.pixelprivacy.dl4j.model.ModelFiles;
import dev.pixelprivacy.dl4j.onnx.OnnxImportException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that hold no Keras 2 model are refused naming the file, what it is and what to do: Keras 3
 * {@code .keras} archives, weights-only HDF5 files of Keras 2 ({@code model.save_weights}, as the
 * MediaEval NIMA is distributed) and of Keras 3, and HDF5 models written by Keras 3. The files are
 * written here in the layouts those versions use (a zip with {@code metadata.json}, {@code config.json}
 * and {@code model.weights.h5}; root attribute {@code layer_names}; root groups {@code layers} and
 * {@code vars}; root attribute {@code keras_version} 3.x).
 */
class KerasFileRefusalTest {
    @TempDir
    Path dir;

    @Test
    void aKeras3ArchiveIsRefusedWithWhatToDo() throws IOException {
        Path f = dir.resolve("nima.keras");
        try (OutputStream o = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(o)) {
            for (String e : List.of("metadata.json", "config.json", "model.weights.h5")) {
                z.putNextEntry(new ZipEntry(e));
                z.write("{\"keras_version\": \"3.3.3\"}".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        assertThat(ModelFormat.detect(f)).isEqualTo(ModelFormat.KERAS_V3_ARCHIVE);
        assertThatThrownBy(() -> KerasImport.defaults().load(f)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("Keras 3 .keras archive")
                .hasMessageContaining("tf_keras").hasMessageContaining("README: Keras import");
        // the CLI's route (--threat-model, --nima, model-check) decides by content and says the same
        assertThatThrownBy(() -> ModelFiles.load(f, ModelFiles.Role.DISTRIBUTION)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining("Keras 3 .keras archive");
    }

    @Test
    void aKeras2WeightsOnlyFileIsRefusedWithWhatToDo() throws IOException {
        Path f = dir.resolve("weights_mobilenet_aesthetic_0.07.hdf5");
        try (Hdf5Writer w = Hdf5Writer.create(f)) {
            w.strings("/", "layer_names", List.of("conv1", "dense_1"), false);
            w.group("/conv1");
            w.group("/dense_1");
        }
        assertThatThrownBy(() -> KerasImport.defaults().load(f)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("weights only (Keras 2 model.save_weights)")
                .hasMessageContaining("model.save('x.h5')").hasMessageContaining("README: Keras import, weights-only files");
    }

    @Test
    void aKeras3WeightsOnlyFileIsRefusedWithWhatToDo() throws IOException {
        Path f = dir.resolve("model.weights.h5");
        try (Hdf5Writer w = Hdf5Writer.create(f)) {
            w.group("/layers");
            w.group("/vars");
        }
        assertThatThrownBy(() -> KerasImport.defaults().load(f)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("Keras 3's layout")
                .hasMessageContaining("tf_keras").hasMessageContaining("README: Keras import, Keras 3 models");
    }

    @Test
    void anHdf5ModelWrittenByKeras3IsRefusedWithWhatToDo() throws IOException {
        Path f = dir.resolve("k3.h5");
        try (Hdf5Writer w = Hdf5Writer.create(f)) {
            w.strings("/", "model_config", List.of("{\"class_name\": \"Functional\", \"config\": {}}"), true);
            w.strings("/", "keras_version", List.of("3.3.3"), true);
        }
        assertThatThrownBy(() -> KerasImport.defaults().load(f)).isInstanceOf(OnnxImportException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("written by Keras 3.3.3")
                .hasMessageContaining("tf_keras").hasMessageContaining("README: Keras import, Keras 3 models");
    }
}
