package dev.pixelprivacy.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pixelprivacy.dl4j.onnx.OnnxModel;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** privacy-dl4j's module descriptor exports its API packages and not the ONNX or Keras translation. */
class ModuleDescriptorTest {
    @Test
    void exportsEveryPackageButTheInternalOne() throws Exception {
        // the descriptor compiled beside the main classes (tests run from the class path)
        Path classes = Path.of(OnnxModel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes).as("privacy-dl4j's classes directory").isDirectory();
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor d = ModuleDescriptor.read(in);
            assertThat(d.name()).isEqualTo("dev.pixelprivacy.dl4j");
            assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("dev.pixelprivacy.dl4j.onnx", "dev.pixelprivacy.dl4j.model",
                            "dev.pixelprivacy.dl4j.tools", "dev.pixelprivacy.dl4j.keras");
            assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
            assertThat(d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                    .contains("dev.pixelprivacy.core", "nd4j.api", "org.bytedeco.hdf5", "com.fasterxml.jackson.databind");
        }
    }
}
