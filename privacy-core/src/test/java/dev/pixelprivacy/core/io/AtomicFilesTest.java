package dev.pixelprivacy.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void aNewFileIsReadableByAllLikeAnyOtherNewFile(@TempDir Path dir) throws IOException {
        assertThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path f = dir.resolve("out.txt");
        AtomicFiles.writeString(f, "hello");
        assertThat(Files.readString(f)).isEqualTo("hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    }

    @Test
    void aReplacedFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(f, "new");
        assertThat(Files.readString(f)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-rw----");
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(f);
        }
    }
}
