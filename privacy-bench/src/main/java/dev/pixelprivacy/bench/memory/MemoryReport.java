package dev.pixelprivacy.bench.memory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of a memory run, written as {@code memory.json} for the performance page:
 * <pre>{"command": "...", "model": "...", "images": 1000, "peakRssMiB": 812.3,
 *  "samples": [{"images": 0, "rssMiB": 500.1}, ...], "growthMiBPer1000Images": 3.1}</pre>
 *
 * @param command the child's exact command line
 * @param model what the child protected with, for a reader
 * @param images images protected
 * @param peakRssMiB the child's peak resident set size (VmHWM), MiB
 * @param samples resident set size after every so many images, in order of images
 * @param growthMiBPer1000Images least-squares slope of the samples after warm-up, MiB per 1000 images
 */
record MemoryReport(String command, String model, int images, double peakRssMiB, List<Sample> samples,
                    double growthMiBPer1000Images) {
    /**
     * @param images images done when the sample was taken, at least 0
     * @param rssMiB the child's resident set size then (VmRSS), MiB
     */
    record Sample(int images, double rssMiB) {}

    MemoryReport {
        samples = List.copyOf(samples);
    }

    /**
     * @param samples samples in order of images
     * @param fromImages the first image count the fit uses (samples before it are warm-up)
     * @return least-squares growth of VmRSS in MiB per 1000 images over the samples at or after
     *     {@code fromImages}
     * @throws IllegalArgumentException if fewer than two samples are at or after {@code fromImages}
     */
    static double growthPer1000(List<Sample> samples, int fromImages) {
        List<Sample> used = new ArrayList<>();
        for (Sample s : samples) {
            if (s.images() >= fromImages) {
                used.add(s);
            }
        }
        if (used.size() < 2) {
            throw new IllegalArgumentException("the growth fit needs at least 2 samples at or after " + fromImages
                    + " images but has " + used.size() + " of " + samples.size());
        }
        double[] x = new double[used.size()];
        double[] y = new double[used.size()];
        for (int i = 0; i < used.size(); i++) {
            x[i] = used.get(i).images();
            y[i] = used.get(i).rssMiB();
        }
        return LinearFit.of(x, y).slope() * 1000;
    }

    /**
     * @return the report as one JSON object in the layout above (one member per line, one sample per
     *     line), numbers rounded to 0.1 MiB, written by Jackson
     * @throws IllegalArgumentException if a number is not finite
     */
    String toJson() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.setPrettyPrinter(new Layout());
            g.writeStartObject();
            g.writeStringField("command", command);
            g.writeStringField("model", model);
            g.writeNumberField("images", images);
            g.writeFieldName("peakRssMiB");
            g.writeNumber(tenths(peakRssMiB));
            g.writeArrayFieldStart("samples");
            for (Sample s : samples) {
                g.writeStartObject();
                g.writeNumberField("images", s.images());
                g.writeFieldName("rssMiB");
                g.writeNumber(tenths(s.rssMiB()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("growthMiBPer1000Images");
            g.writeNumber(tenths(growthMiBPer1000Images));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string: " + e.getMessage(), e);
        }
        return w.append('\n').toString();
    }

    static final JsonFactory JSON = new JsonFactory();

    /** Rounds as {@code %.1f} does: half up, on the shortest decimal form of the double. */
    static BigDecimal tenths(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("JSON has no number for " + v);
        }
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP);
    }

    /**
     * The memory files' layout: the top-level members one per line, indented by one space; array
     * values one per line, indented by three; inside an array's object and after every colon a single
     * space. {@link LargePhotoMemoryRun} writes its file with it too.
     */
    static final class Layout implements PrettyPrinter {
        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            g.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(g.getOutputContext().getParent().inRoot() ? ",\n " : ", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(",\n   ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) {
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) {
        }
    }
}
