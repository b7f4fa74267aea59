package dev.pixelprivacy.spark;

import dev.pixelprivacy.core.model.Prediction;
import dev.pixelprivacy.paper.batch.ImageBatchProcessor;
import dev.pixelprivacy.paper.batch.ImageInput;
import dev.pixelprivacy.paper.batch.ImageOutcome;
import dev.pixelprivacy.paper.batch.Networks;
import dev.pixelprivacy.paper.batch.ProtectionSettings;
import dev.pixelprivacy.paper.verify.JudgeVerdict;
import dev.pixelprivacy.paper.verify.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.TaskFailureListener;

/** One task's work: images in, committed outputs and result rows out. */
final class ProtectPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ProtectionSettings settings;
    private final NetworkFactory factory;
    private final String output;
    private final String jobId;
    private final OutputNames names;
    private final int maxBatch;
    private final Map<String, String> hadoopConf;
    private final boolean hasContent;

    ProtectPartition(ProtectionSettings settings, NetworkFactory factory, String output, String jobId,
                     OutputNames names, int maxBatch, Map<String, String> hadoopConf, boolean hasContent) {
        this.settings = settings;
        this.factory = factory;
        this.output = output;
        this.jobId = jobId;
        this.names = names;
        this.maxBatch = maxBatch;
        this.hadoopConf = Map.copyOf(hadoopConf);
        this.hasContent = hasContent;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        int attempt = task == null ? 0 : task.attemptNumber();
        NativeThreads.configureOnce(task == null ? 1 : task.cpus());
        Networks networks = SparkNetworks.forThisThread(factory, settings);
        ImageBatchProcessor processor = new ImageBatchProcessor(settings, networks, maxBatch);
        Configuration conf = new Configuration();
        hadoopConf.forEach(conf::set);
        Path out = new Path(output);
        FileSystem fs = FileSystem.newInstance(out.toUri(), conf);
        fs.setWriteChecksum(false); // no .crc files beside the images on a local file system
        ImageOutputCommitter committer = new ImageOutputCommitter(fs, out, jobId, partition, attempt);
        if (task != null) {
            task.addTaskFailureListener(new TaskFailureListener() {
                @Override
                public void onTaskFailure(TaskContext context, Throwable error) {
                    try {
                        committer.abort();
                    } catch (IOException e) {
                        error.addSuppressed(e);
                    }
                }
            });
            task.addTaskCompletionListener(new TaskCompletionListener() {
                @Override
                public void onTaskCompletion(TaskContext context) {
                    processor.close();
                    try {
                        committer.abort(); // nothing is left in a finished attempt's folder
                        fs.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        }
        Iterator<ImageInput> inputs = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public ImageInput next() {
                Row r = rows.next();
                String path = r.getString(r.fieldIndex("path"));
                if (hasContent) {
                    return new ImageInput(path, (byte[]) r.get(r.fieldIndex("content")));
                }
                return read(fs, conf, path);
            }
        };
        Iterator<ImageOutcome> outcomes = processor.process(inputs);
        String key = settings.key();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return outcomes.hasNext();
            }

            @Override
            public Row next() {
                ImageOutcome o = outcomes.next();
                if (o.status() == ImageOutcome.Status.FAILED) {
                    return row(o, key, null);
                }
                String name = names.of(o.name(), o.extension());
                try {
                    return row(o, key, committer.commit(name, o.encoded()).toString());
                } catch (IOException e) {
                    return row(ImageOutcome.failed(o.name(), o.contentHash(), o.name() + ": cannot write " + name
                            + " below " + output + ": " + e.getMessage(), o.notice(), e), key, null);
                }
            }
        };
    }

    /** An input by its path, on whatever file system the path names. */
    private static ImageInput read(FileSystem outputFs, Configuration conf, String path) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.toUri().getScheme() == null ? outputFs : p.getFileSystem(conf);
            try (InputStream in = fs.open(p)) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return new ImageInput(path, b.toByteArray());
            }
        } catch (IOException e) {
            return ImageInput.unreadable(path, "cannot read: " + e);
        }
    }

    private static Row row(ImageOutcome o, String key, String output) {
        Prediction b = o.before();
        Prediction a = o.after();
        boolean ok = o.status() == ImageOutcome.Status.PROTECTED;
        Verification v = ok ? o.verification() : null;
        Row[] verdicts = null; // an array: Spark's row encoder takes arrays and Scala Seqs, not java.util.List
        if (v != null) {
            verdicts = new Row[v.verdicts().size()];
            for (int i = 0; i < verdicts.length; i++) {
                JudgeVerdict d = v.verdicts().get(i);
                verdicts[i] = RowFactory.create(d.judge().name(), d.before().label(), d.after().label(), d.changed());
            }
        }
        return RowFactory.create(o.name(), o.contentHash(), key, o.status().label(), o.error(), output,
                b == null ? null : b.label(), o.beforeName(), b == null ? null : b.probability(),
                a == null ? null : a.label(), o.afterName(), a == null ? null : a.probability(),
                ok ? o.linf255() : null, ok ? o.psnr() : null, ok ? o.ssim() : null,
                v == null ? null : v.chain(), verdicts, v == null ? null : v.allChanged(),
                v == null ? null : v.ciede2000().mean(), v == null ? null : v.ciede2000().max());
    }
}
