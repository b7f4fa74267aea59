package dev.pixelprivacy.dl4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.dl4j.testing.Nsfwjs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsfwjsExtractionTest {

    @Test
    void writesEveryShardTheModelJsonNamesAndNoPartialFile(@TempDir Path dir) throws IOException {
        Path json = NsfwjsModels.extract(Nsfwjs.tarball(), "mobilenet_v2", dir.resolve("m"));
        assertThat(json).isRegularFile();
        assertThat(Files.readString(json)).contains("\"weightsManifest\"", "group1-shard1of1");
        assertThat(dir.resolve("m/group1-shard1of1")).isRegularFile();
        // uint8-quantised MobileNetV2: about 2.6 MB of weights
        assertThat(Files.size(dir.resolve("m/group1-shard1of1"))).isBetween(2_000_000L, 3_000_000L);
        try (var files = Files.list(dir.resolve("m"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void refusesAnotherTarballNamingItsChecksum(@TempDir Path dir) throws IOException {
        Path fake = Files.write(dir.resolve("nsfwjs-4.4.0.tgz"), new byte[] {31, -117, 8, 0});
        assertThatThrownBy(() -> NsfwjsModels.extract(fake, "mobilenet_v2", dir.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(fake.toString())
                .hasMessageContaining("sha256")
                .hasMessageContaining(NsfwjsModels.SHA256);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void refusesAModelThePackageDoesNotHave(@TempDir Path dir) {
        assertThatThrownBy(() -> NsfwjsModels.extract(Nsfwjs.tarball(), "mobilenet_v2_mid", dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mobilenet_v2_mid")
                .hasMessageContaining("inception_v3");
    }

    @Test
    void commandLineWritesBothModelsAndRefusesBadArguments(@TempDir Path dir) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = NsfwjsModels.run(new String[] {Nsfwjs.tarball().toString(), dir.toString()},
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(dir.resolve("mobilenet_v2/model.json")).isRegularFile();
        assertThat(dir.resolve("inception_v3/model.json")).isRegularFile();
        assertThat(out.toString()).contains("inception_v3").contains("mobilenet_v2");
        assertThat(NsfwjsModels.run(new String[] {"only-one"}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("usage");
    }
}
