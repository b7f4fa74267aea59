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
 * that dies, a job that is killed or a straggling machine would show it. Counters are static and
 * per JVM: local mode runs the tasks in the test's JVM; on a {@link StandaloneCluster} each
 * executor counts its own.
 */
final class FaultyNetworks implements NetworkFactory {
    private static final long serialVersionUID = 1L;

    /** Images differentiated so far, all tasks. */
    static final AtomicInteger GRADIENT_IMAGES = new AtomicInteger();
    /** Gradient calls per task attempt. */
    static final Map<Long, AtomicInteger> CALLS_PER_ATTEMPT = new ConcurrentHashMap<>();
    /** Failures thrown. */
    static final AtomicInteger INJECTED = new AtomicInteger();

    /** What happens to partition 0's first attempt at its second gradient call. */
    private enum FirstAttempt { NORMAL, FAILS, STALLS }

    private final FirstAttempt firstAttempt;
    private final int killAfterImages;
    private final long stallMillis;

    private FaultyNetworks(FirstAttempt firstAttempt, int killAfterImages, long stallMillis) {
        this.firstAttempt = firstAttempt;
        this.killAfterImages = killAfterImages;
        this.stallMillis = stallMillis;
    }

    /** @return networks whose partition 0 fails at its second gradient call on its first attempt */
    static FaultyNetworks failingFirstAttempt() {
        return new FaultyNetworks(FirstAttempt.FAILS, Integer.MAX_VALUE, 0);
    }

    /**
     * A straggler: partition 0's first attempt commits its first batch, then sleeps in its second
     * gradient call until its task is killed (as Spark kills it once a speculative copy succeeded) or
     * the time is up, and then goes on normally.
     *
     * @param millis the longest stall
     * @return the networks
     */
    static FaultyNetworks stallingFirstAttempt(long millis) {
        return new FaultyNetworks(FirstAttempt.STALLS, Integer.MAX_VALUE, millis);
    }

    /** @return networks that fail every gradient call once this many images were differentiated */
    static FaultyNetworks killedAfter(int images) {
        return new FaultyNetworks(FirstAttempt.NORMAL, images, 0);
    }

    static void reset() {
        GRADIENT_IMAGES.set(0);
        CALLS_PER_ATTEMPT.clear();
        INJECTED.set(0);
    }

    @Override
    public String cacheKey() {
        return getClass().getName() + "|" + firstAttempt + "|" + killAfterImages + "|" + stallMillis;
    }

    @Override
    public Networks create(ProtectionSettings settings) throws IOException {
        Networks demo = new DemoNetworks().create(settings);
        return new Networks(new Faulty(demo.threatModel(), firstAttempt, killAfterImages, stallMillis),
                demo.classNames(), demo.saliency(), demo.saliencyNetwork(), demo.nima());
    }

    private static final class Faulty implements ThreatModel {
        private final ThreatModel delegate;
        private final FirstAttempt firstAttempt;
        private final int killAfter;
        private final long stallMillis;

        Faulty(ThreatModel delegate, FirstAttempt firstAttempt, int killAfter, long stallMillis) {
            this.delegate = delegate;
            this.firstAttempt = firstAttempt;
            this.killAfter = killAfter;
            this.stallMillis = stallMillis;
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
            boolean first = task.partitionId() == 0 && task.attemptNumber() == 0 && calls == 2;
            if (first && firstAttempt == FirstAttempt.FAILS) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected: executor lost during partition 0, attempt 0");
            }
            if (first && firstAttempt == FirstAttempt.STALLS) {
                INJECTED.incrementAndGet();
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("injected straggler: killed while stalled", e);
                }
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
