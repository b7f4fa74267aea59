package dev.pixelprivacy.dl4j.onnx;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory manager of an {@link OnnxNetwork}'s SameDiff sessions: every array a session allocates
 * during one call is lent from a pool of native buffers; each returns to the pool as soon as no later
 * op of the call reads it ({@link CallLiveness} calls {@link #untrack}), and the rest together when
 * the network has copied the call's results ({@link #recycle}). A network has static shapes, so
 * after the first call every allocation is served from the pool and a call allocates no native
 * array memory; the pool holds what one call needs at once (the arrays live at the same time).
 *
 * <p>A request is served by the smallest free buffer of its data type that is large enough and at
 * most {@link #MAX_WASTE_FACTOR} times its length, so that a buffer freed by a larger array of the
 * call serves a later smaller one (the backward pass of a CNN computes the same sizes as the forward
 * pass in the opposite order); such a loan is an array over a buffer view of exactly the requested
 * length at offset 0 of the pooled buffer, in the requested order. Only when no free buffer fits is
 * a new buffer of the exact length allocated.
 *
 * <p>Why not SameDiff's default ({@code ArrayCacheMemoryMgr}) in nd4j 1.0.0-M2.1:
 * <ul>
 *   <li>{@code calculateGradientsAndOutputs} turns the grad function's cache off on every call, so
 *       every intermediate array of a gradient call is new and freed only when the garbage collector
 *       finds its Java object (measured: 580 kB per call on a 2x3x32x32 net, 37 arrays).</li>
 *   <li>with the cache on, a cache hit calls {@code BaseNDArray.assignNewId()} ({@code incrementAndGet})
 *       while constructors take {@code getAndIncrement()}, so the next new array gets the same id;
 *       the session tracks array uses and frees by id, so one of the two is never released (a convolution
 *       output per call in the measurement above) and the session's set of freed ids grows forever.</li>
 *   <li>its {@code release} closes arrays whose native buffer is still shared ({@code useCount > 1}).</li>
 * </ul>
 * This manager never calls {@code assignNewId} (each loan is a new array object over a pooled buffer,
 * so ids stay unique), never closes a buffer (a buffer the session or a view may still reference is
 * only ever reused, not freed, until the network is closed ({@link #free}) or collected), and is used with
 * the session's own releasing turned off ({@link SameDiff#setEnableCache}).
 *
 * <p>Not thread-safe: one call at a time, which {@link OnnxNetwork} enforces.
 */
final class CallArena extends AbstractMemoryMgr {
    /**
     * The most a loan may waste: a request is served by a free buffer of at most this many times its
     * length (the smallest that is large enough), else by a new buffer of its exact length.
     */
    static final int MAX_WASTE_FACTOR = 2;

    /** Free buffers by data type, then by length in elements (smallest first). */
    private final Map<DataType, TreeMap<Long, ArrayDeque<DataBuffer>>> free = new EnumMap<>(DataType.class);
    private final Set<DataBuffer> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Live variables of the current call per lent buffer ({@link CallLiveness}). */
    private final Map<DataBuffer, Integer> holders = new IdentityHashMap<>();
    private long pooledBytes;
    private long lentBytes;
    private long lastCallLentBytes;
    /** Bytes of the buffers lent now (not yet back in the pool), and their peak over the current call. */
    private long outBytes;
    private long peakOutBytes;
    private long lastCallPeakOutBytes;
    private int viewLoans;
    private int lastCallViewLoans;

    /**
     * Makes this arena the memory manager of the calling thread's session of {@code sd}, creating the
     * session if the thread has none (SameDiff keeps one session per thread id).
     *
     * @param sd the graph whose session to bind
     */
    void bindSession(SameDiff sd) {
        long thread = Thread.currentThread().getId();
        InferenceSession s = sd.getSessions().get(thread);
        if (s == null || s.getMmgr() != this) {
            s = new InferenceSession(sd);
            s.setMmgr(this);
            sd.getSessions().put(thread, s);
        }
    }

    @Override
    public INDArray allocate(boolean detached, DataType type, long... shape) {
        return lend(type, shape, 'c');
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor);
        }
        return lend(descriptor.dataType(), descriptor.getShape(), descriptor.getOrder() == 'f' ? 'f' : 'c');
    }

    private INDArray lend(DataType type, long[] shape, char order) {
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        if (length == 0) {
            return Nd4j.create(type, shape);
        }
        if (type == DataType.UTF8) {
            return Nd4j.createUninitializedDetached(type, order, shape); // variable-length: not pooled
        }
        DataBuffer b = takeFree(type, length);
        if (b == null) {
            b = Nd4j.createUninitializedDetached(type, length).data();
            pooledBytes += length * type.width();
        }
        lent.add(b);
        lentBytes += length * type.width();
        outBytes += b.length() * type.width();
        peakOutBytes = Math.max(peakOutBytes, outBytes);
        // a larger buffer lends its first length elements, as a buffer of exactly that length (offset 0)
        DataBuffer view = b;
        if (b.length() != length) {
            view = Nd4j.createBuffer(b, 0, length);
            viewLoans++;
        }
        return Nd4j.create(view, shape, Nd4j.getStrides(shape, order), 0, order, type);
    }

    /** @return the smallest free buffer of {@code type} with {@code length} to {@code MAX_WASTE_FACTOR} times as many elements, taken out of the pool, or null */
    private DataBuffer takeFree(DataType type, long length) {
        TreeMap<Long, ArrayDeque<DataBuffer>> byLength = free.get(type);
        Map.Entry<Long, ArrayDeque<DataBuffer>> e = byLength == null ? null : byLength.ceilingEntry(length);
        if (e == null || e.getKey() > MAX_WASTE_FACTOR * length) {
            return null;
        }
        DataBuffer b = e.getValue().pop();
        if (e.getValue().isEmpty()) {
            byLength.remove(e.getKey());
        }
        return b;
    }

    private void putFree(DataBuffer b) {
        free.computeIfAbsent(b.dataType(), t -> new TreeMap<>()).computeIfAbsent(b.length(), k -> new ArrayDeque<>())
                .push(b);
    }

    /** Buffers come back in {@link #untrack} and {@link #recycle}, whatever the session releases. */
    @Override
    public void release(INDArray array) {
    }

    /**
     * Counts {@code a} as a live variable of the current call on its buffer, if the buffer was lent by
     * this arena (else nothing: placeholders, constants).
     */
    void track(INDArray a) {
        DataBuffer b = lentBuffer(a);
        if (b != null) {
            holders.merge(b, 1, Integer::sum);
        }
    }

    /**
     * Ends one live variable's use of {@code a}'s buffer; when no live variable of the call holds the
     * buffer any more it goes back to the pool at once, for the call's later ops to reuse.
     */
    void untrack(INDArray a) {
        DataBuffer b = lentBuffer(a);
        Integer n = b == null ? null : holders.get(b);
        if (n == null) {
            return;
        }
        if (n > 1) {
            holders.put(b, n - 1);
            return;
        }
        holders.remove(b);
        lent.remove(b);
        outBytes -= b.length() * b.dataType().width();
        putFree(b);
    }

    private DataBuffer lentBuffer(INDArray a) {
        DataBuffer b = a.data();
        if (b == null) {
            return null;
        }
        if (lent.contains(b)) {
            return b;
        }
        DataBuffer o = b.originalDataBuffer();
        return o != null && lent.contains(o) ? o : null;
    }

    /**
     * Returns every buffer lent since the last recycle to the pool. Call only when no array of the
     * finished call is used any more.
     */
    void recycle() {
        for (DataBuffer b : lent) {
            putFree(b);
        }
        lent.clear();
        holders.clear();
        lastCallLentBytes = lentBytes;
        lentBytes = 0;
        lastCallPeakOutBytes = peakOutBytes;
        outBytes = 0;
        peakOutBytes = 0;
        lastCallViewLoans = viewLoans;
        viewLoans = 0;
    }

    /** @return bytes of the arrays lent during the last call that was recycled, the sum of their sizes */
    long lastCallLentBytes() {
        return lastCallLentBytes;
    }

    /**
     * @return the most bytes of buffers the last recycled call held lent at once: the least a pool
     *     could hold for that call with buffers reused as they were returned
     */
    long lastCallPeakLentBytes() {
        return lastCallPeakOutBytes;
    }

    /** @return how many loans of the last recycled call a larger free buffer served (as a view) */
    int lastCallViewLoans() {
        return lastCallViewLoans;
    }

    /** @return bytes of native array memory this arena has allocated, lent or pooled */
    long pooledBytes() {
        return pooledBytes;
    }

    @Override
    public void close() {
        recycle();
    }

    /**
     * Frees every pooled buffer's native memory now, for a network being closed. Call only when no
     * array lent from this arena is used any more; the arena is then empty and may lend again.
     */
    void free() {
        recycle();
        for (TreeMap<Long, ArrayDeque<DataBuffer>> byLength : free.values()) {
            for (ArrayDeque<DataBuffer> q : byLength.values()) {
                for (DataBuffer b : q) {
                    if (b.closeable() && !b.wasClosed()) {
                        b.close();
                    }
                }
            }
        }
        free.clear();
        pooledBytes = 0;
    }
}
