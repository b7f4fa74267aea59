package dev.pixelprivacy.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkedBytesTest {

    /** The JDK's ByteArrayOutputStream is the reference: the same writes give the same bytes. */
    @Test
    void holdsWhatIsWrittenAcrossChunkBoundariesAsTheJdksStreamDoes() {
        SplittableRandom rnd = new SplittableRandom(5);
        ChunkedBytes chunked = new ChunkedBytes();
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        int[] lengths = {0, 1, ChunkedBytes.CHUNK - 2, 3, ChunkedBytes.CHUNK, 2 * ChunkedBytes.CHUNK + 17, 5};
        for (int len : lengths) {
            byte[] b = new byte[len + 6];
            rnd.nextBytes(b);
            chunked.write(b, 3, len);
            reference.write(b, 3, len);
            chunked.write(b[0]);
            reference.write(b[0]);
        }
        byte[] out = chunked.toByteArray();
        assertThat(out).hasSize(reference.size()).isEqualTo(reference.toByteArray());
        assertThat(new ChunkedBytes().toByteArray()).isEmpty();
    }

    @Test
    void aBadRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> new ChunkedBytes().write(new byte[4], 2, 3))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("2").hasMessageContaining("3");
    }
}
