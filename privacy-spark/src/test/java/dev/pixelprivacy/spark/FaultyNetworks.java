package dev.pixelprivacy.spark;

import dev.pixelprivacy.core.image.ImageBatch;
import dev.pixelprivacy.core.model.ClassifierLoss;
import dev.pixelprivacy.core.model.LossGradient;
import dev.pixelprivacy.core.model.ThreatModel;
import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * The demo networks with a fault injected into the threat model's gradient call, as an executor
 * that dies or a job that is killed would see it. Counters are static: local mode runs the tasks in
 * the test's JVM.
 */
final class FaultyNetworks implements NetworkFactory {
    private static final long serialVersionUID = 1L;

    /** Images differentiated so far, all tasks. */
    static final AtomicInteger GRADIENT_IMAGES = new AtomicInteger();
    /** Gradient calls per task attempt. */
    static final Map<Long, AtomicInteger> CALLS_PER_ATTEMPT = new ConcurrentHashMap<>();
    /** Failures thrown. */
    static final AtomicInteger INJECTED = new AtomicInteger();

    private final boolean failFirstAttemptOfPartition0;
    private final int killAfterImages;

    private FaultyNetworks(boolean failFirstAttemptOfPartition0, int killAfterImages) {
        this.failFirstAttemptOfPartition0 = failFirstAttemptOfPartition0;
        this.killAfterImages = killAfterImages;
    }

    /** @return networks whose partition 0 fails at its second gradient call on its first attempt */
    static FaultyNetworks failingFirstAttempt() {
        return new FaultyNetworks(true, Integer.MAX_VALUE);
    }

    /** @return networks that fail every gradient call once this many images were differentiated */
    static FaultyNetworks killedAfter(int images) {
        return new FaultyNetworks(false, images);
    }

    static void reset() {
        GRADIENT_IMAGES.set(0);
        CALLS_PER_ATTEMPT.clear();
        INJECTED.set(0);
    }

    @Override
    public String cacheKey() {
        return getClass().getName() + "|" + failFirstAttemptOfPartition0 + "|" + killAfterImages;
    }

    @Override
    public Networks create(ProtectionSettings settings) throws IOException {
        Networks demo = new DemoNetworks().create(settings);
        return new Networks(new Faulty(demo.threatModel(), failFirstAttemptOfPartition0, killAfterImages),
                demo.classNames(), demo.saliency(), demo.saliencyNetwork(), demo.nima());
    }

    private static final class Faulty implements ThreatModel {
        private final ThreatModel delegate;
        private final boolean failFirstAttempt;
        private final int killAfter;

        Faulty(ThreatModel delegate, boolean failFirstAttempt, int killAfter) {
            this.delegate = delegate;
            this.failFirstAttempt = failFirstAttempt;
            this.killAfter = killAfter;
        }

        @Override
        public int classCount() {
            return delegate.classCount();
        }

        @Override
        public float[][] logits(ImageBatch batch) {
            return delegate.logits(batch);
        }

        @Override
        public LossGradient lossGradient(ImageBatch batch, int[] labels, ClassifierLoss loss) {
            TaskContext task = TaskContext.get();
            int calls = CALLS_PER_ATTEMPT.computeIfAbsent(task.taskAttemptId(), k -> new AtomicInteger())
                    .incrementAndGet();
            if (failFirstAttempt && task.partitionId() == 0 && task.attemptNumber() == 0 && calls == 2) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected: executor lost during partition 0, attempt 0");
            }
            if (GRADIENT_IMAGES.get() >= killAfter) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected: job killed after " + killAfter + " images");
            }
            GRADIENT_IMAGES.addAndGet(batch.size());
            return delegate.lossGradient(batch, labels, loss);
        }
    }
}
