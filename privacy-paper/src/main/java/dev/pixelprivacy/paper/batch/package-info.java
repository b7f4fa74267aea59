/**
 * The protection as batch work, for any engine: {@link dev.pixelprivacy.paper.batch.ProtectionSettings}
 * (the command line's protection options as one serialisable value, parsed by one piece of code),
 * {@link dev.pixelprivacy.paper.batch.Networks} (one thread's networks) and
 * {@link dev.pixelprivacy.paper.batch.ImageBatchProcessor} (an iterator of images in, an iterator of
 * outcomes out, batching images of one size into one gradient call, and verifying each written file
 * with the judges after the platform's chain when the settings ask). The command-line tool and the
 * Spark job in {@code privacy-spark} share it; another engine needs only to feed it.
 */
package dev.pixelprivacy.paper.batch;
