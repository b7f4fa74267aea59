package dev.pixelprivacy.spark;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

/**
 * Writes one task attempt's protected images through the Hadoop {@code FileSystem} API: each file
 * first under the attempt's own temporary name, then committed by a rename onto its final name.
 * A reader never sees a partial file; a retried or speculative attempt writes the same bytes under
 * its own temporary name and its commit replaces the first one's, so each input has exactly one
 * output whatever the number of attempts. An attempt that Spark has killed (the loser of a
 * speculative race, a cancelled job) commits nothing more: each commit first checks the task. Temporary files live under
 * {@code OUTPUT/_temporary-images/JOB/}, which {@link #abort()} (for an attempt) and
 * {@link #cleanupJob} (for the job) delete; names beginning with {@code _} are hidden from Spark and
 * Hadoop readers.
 */
public final class ImageOutputCommitter {
    /** The folder under the output that holds temporary files. */
    public static final String TEMPORARY = "_temporary-images";

    private final FileSystem fs;
    private final Path output;
    private final Path attemptDir;

    /**
     * @param fs the output's file system
     * @param output the output folder
     * @param jobId the job's unique id (one per run)
     * @param partition the task's partition
     * @param attempt the task's attempt number
     */
    public ImageOutputCommitter(FileSystem fs, Path output, String jobId, int partition, int attempt) {
        this.fs = fs;
        this.output = output;
        this.attemptDir = new Path(new Path(new Path(output, TEMPORARY), jobId), "p" + partition + "-a" + attempt);
    }

    /**
     * Writes a file and commits it.
     *
     * @param relativeName its path below the output folder, with {@code /} between folders
     * @param bytes its content
     * @return the committed file
     * @throws IOException if writing or renaming fails (the message names the file); the final
     *     name then holds its previous content or nothing, never a part
     * @throws org.apache.spark.TaskKilledException if Spark has killed the calling task
     */
    public Path commit(String relativeName, byte[] bytes) throws IOException {
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.killTaskIfInterrupted();
        }
        Path target = new Path(output, relativeName);
        Path temp = new Path(attemptDir, relativeName);
        try (OutputStream out = fs.create(temp, true)) {
            out.write(bytes);
        }
        fs.mkdirs(target.getParent());
        if (!fs.rename(temp, target)) {
            // HDFS and object stores refuse to rename onto an existing file: an earlier attempt, or an
            // earlier run with other settings, wrote it. Replace it.
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new IOException("cannot replace " + target + " with " + temp);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot rename " + temp + " to " + target);
            }
        }
        return target;
    }

    /**
     * Deletes this attempt's temporary files (committed files stay).
     *
     * @throws IOException if deleting fails
     */
    public void abort() throws IOException {
        fs.delete(attemptDir, true);
    }

    /**
     * Deletes a job's temporary files, and the temporary folder if no other job uses it.
     *
     * @param fs the output's file system
     * @param output the output folder
     * @param jobId the job's id
     * @throws IOException if deleting fails
     */
    public static void cleanupJob(FileSystem fs, Path output, String jobId) throws IOException {
        Path temporary = new Path(output, TEMPORARY);
        fs.delete(new Path(temporary, jobId), true);
        if (fs.exists(temporary) && fs.listStatus(temporary).length == 0) {
            fs.delete(temporary, false);
        }
    }
}
