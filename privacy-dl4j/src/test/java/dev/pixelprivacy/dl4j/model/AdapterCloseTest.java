package dev.pixelprivacy.dl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pixelprivacy.core.image.ImageBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing an adapter closes the networks it built on every thread; a later call is refused. */
class AdapterCloseTest {
    @Test
    void aThreatModelRefusesCallsAfterCloseNamingTheModel() throws Exception {
        OnnxThreatModel m = new OnnxThreatModel(AdapterTest.smallClassifier(5, false), Preprocessing.builder().build());
        ImageBatch batch = ImageBatch.of(List.of(AdapterTest.image(8, 8, 1)));
        assertThat(m.logits(batch)[0]).hasSize(5);
        // a network built on another thread is closed too
        Thread other = new Thread(() -> m.logits(batch));
        other.start();
        other.join();
        m.close();
        m.close();
        assertThatThrownBy(() -> m.logits(batch)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("<bytes>").hasMessageContaining("closed");
    }
}
