package dev.pixelprivacy.spark;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The results table, one row per input and settings: what {@link SparkProtector#protect} returns
 * and {@link ProtectJob} appends to {@code OUTPUT/_results} in Parquet.
 *
 * <p>Columns: {@code input} (the input's path), {@code content_hash} (SHA-256 of its bytes, hex),
 * {@code settings_key} ({@code ProtectionSettings.key()}), {@code status} ({@code protected} or
 * {@code failed}), {@code error} (the reason, naming the input), {@code output} (the committed
 * file), {@code before_label}, {@code before_class}, {@code before_probability}, the same three
 * {@code after_...} on the image as written, {@code linf255} (8-bit levels), {@code psnr} (dB) and
 * {@code ssim}. Metrics and predictions are null for failed rows.
 *
 * <p>Verification ({@code --judge FILE}, repeatable, and {@code --after CHAIN}), as the command line's
 * {@code protect} reports it: {@code after_chain} (the platform's chain the judges saw, e.g.
 * {@code resize:1080:lanczos,jpeg:75}, or {@code none}), {@code judges} (one struct per judge, in
 * option order: {@code judge} its name, the file's name; {@code before} its class on the input after
 * the chain; {@code after} its class on the written file after the chain; {@code changed} whether
 * they differ), {@code all_judges_changed} (at least one judge, and every one changed),
 * {@code ciede2000} and {@code ciede2000_max} (mean and largest CIEDE2000 colour difference of the
 * written file against the input). They are null when the settings verify nothing, for failed rows,
 * and in rows a table written before these columns existed holds (Spark reads such a table with
 * them as nulls when asked to merge schemas, {@code spark.read().option("mergeSchema", "true")}).
 * For example, the photos whose protection fooled every judge:
 * {@code SELECT input FROM results WHERE all_judges_changed}, or per judge:
 * {@code SELECT j.judge, avg(CAST(j.changed AS INT)) FROM results LATERAL VIEW explode(judges) t AS j GROUP BY j.judge}.
 */
public final class ResultSchema {
    /** One judge's verdict, an element of the {@code judges} column. */
    public static final StructType VERDICT = new StructType(new StructField[] {
            DataTypes.createStructField("judge", DataTypes.StringType, false),
            DataTypes.createStructField("before", DataTypes.IntegerType, false),
            DataTypes.createStructField("after", DataTypes.IntegerType, false),
            DataTypes.createStructField("changed", DataTypes.BooleanType, false),
    });

    /** The schema. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
            DataTypes.createStructField("input", DataTypes.StringType, false),
            DataTypes.createStructField("content_hash", DataTypes.StringType, false),
            DataTypes.createStructField("settings_key", DataTypes.StringType, false),
            DataTypes.createStructField("status", DataTypes.StringType, false),
            DataTypes.createStructField("error", DataTypes.StringType, true),
            DataTypes.createStructField("output", DataTypes.StringType, true),
            DataTypes.createStructField("before_label", DataTypes.IntegerType, true),
            DataTypes.createStructField("before_class", DataTypes.StringType, true),
            DataTypes.createStructField("before_probability", DataTypes.DoubleType, true),
            DataTypes.createStructField("after_label", DataTypes.IntegerType, true),
            DataTypes.createStructField("after_class", DataTypes.StringType, true),
            DataTypes.createStructField("after_probability", DataTypes.DoubleType, true),
            DataTypes.createStructField("linf255", DataTypes.DoubleType, true),
            DataTypes.createStructField("psnr", DataTypes.DoubleType, true),
            DataTypes.createStructField("ssim", DataTypes.DoubleType, true),
            DataTypes.createStructField("after_chain", DataTypes.StringType, true),
            DataTypes.createStructField("judges", ArrayType.apply(VERDICT, false), true),
            DataTypes.createStructField("all_judges_changed", DataTypes.BooleanType, true),
            DataTypes.createStructField("ciede2000", DataTypes.DoubleType, true),
            DataTypes.createStructField("ciede2000_max", DataTypes.DoubleType, true),
    });

    private ResultSchema() {
    }
}
