package dev.pixelprivacy.spark;

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
 */
public final class ResultSchema {
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
    });

    private ResultSchema() {
    }
}
