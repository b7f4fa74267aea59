package dev.pixelprivacy.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of JMH's JSON result format ({@code -rf json}): a benchmark method with one combination of
 * parameters, its score and the settings it ran with.
 *
 * @param benchmark the fully qualified method, {@code package.Class.method}
 * @param mode JMH's mode: {@code avgt}, {@code thrpt}, {@code sample} or {@code ss}
 * @param params the {@code @Param} values, in JMH's order; empty when the benchmark has none
 * @param score the primary score, in {@code unit}
 * @param scoreError JMH's 99.9 % error of the score, in {@code unit}; NaN when JMH gave none
 * @param unit the score's unit, e.g. {@code ms/op} or {@code ops/s}
 * @param forks forks
 * @param warmupIterations warm-up iterations per fork
 * @param warmupTime warm-up iteration time as JMH writes it, e.g. {@code 1 s}
 * @param measurementIterations measurement iterations per fork
 * @param measurementTime measurement iteration time, e.g. {@code 1 s}
 * @param jvm the JVM's name and version, e.g. {@code OpenJDK 64-Bit Server VM 17.0.15}
 * @param source the file the entry was read from, for messages
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double scoreError,
        String unit, int forks, int warmupIterations, String warmupTime, int measurementIterations,
        String measurementTime, String jvm, String source) {

    /** @return the fully qualified class, e.g. {@code dev.pixelprivacy.bench.filters.GaussianBenchmark} */
    public String className() {
        return benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
    }

    /** @return the class's simple name */
    public String simpleClassName() {
        String c = className();
        return c.substring(c.lastIndexOf('.') + 1);
    }

    /** @return the method name */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** @return the package of the class */
    public String packageName() {
        String c = className();
        return c.substring(0, Math.max(0, c.lastIndexOf('.')));
    }

    /**
     * The score as milliseconds per operation: time-per-operation units are scaled, throughput
     * ({@code ops/TIME}) is inverted.
     *
     * @return ms per operation, &gt; 0
     * @throws IllegalArgumentException for a unit that is not time per operation or operations per time
     */
    public double msPerOp() {
        String[] p = unit.split("/");
        if (p.length == 2 && p[1].equals("op")) {
            return score * msPer(p[0]);
        }
        if (p.length == 2 && p[0].equals("ops")) {
            return 1.0 / (score / msPer(p[1]));
        }
        throw new IllegalArgumentException(source + ": " + benchmark + ": score unit '" + unit
                + "' is neither TIME/op nor ops/TIME");
    }

    private double msPer(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1e-6;
            case "us" -> 1e-3;
            case "ms" -> 1.0;
            case "s" -> 1e3;
            case "min" -> 6e4;
            case "hr" -> 3.6e6;
            default -> throw new IllegalArgumentException(source + ": " + benchmark + ": unknown time unit '"
                    + timeUnit + "' in score unit '" + unit + "'");
        };
    }

    /**
     * @param name a parameter
     * @return its value, or null when the benchmark has no such parameter
     */
    public String param(String name) {
        return params.get(name);
    }

    /** @return the benchmark with its parameters, the key that matches the same run on another machine */
    public String key() {
        return benchmark + params;
    }

    /**
     * Reads JMH's JSON result format.
     *
     * @param json the parsed file: an array of result objects
     * @param source the file name, for messages
     * @return the results in file order
     * @throws IllegalArgumentException if a required field is missing or has the wrong type, naming the
     *     file, the entry and the field
     */
    static List<JmhResult> fromJson(Object json, String source) {
        if (!(json instanceof List<?> list)) {
            throw new IllegalArgumentException(source + ": not JMH results: expected a JSON array of benchmark results");
        }
        List<JmhResult> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = source + ": entry " + (i + 1);
            Map<?, ?> e = map(list.get(i), where);
            String benchmark = string(e, "benchmark", where);
            where = where + " (" + benchmark + ")";
            Map<String, String> params = new LinkedHashMap<>();
            Object ps = e.get("params");
            if (ps != null) {
                map(ps, where + ": params").forEach((k, v) -> params.put(k.toString(), String.valueOf(v)));
            }
            Map<?, ?> primary = map(e.get("primaryMetric"), where + ": primaryMetric");
            double score = number(primary, "score", where + ": primaryMetric");
            Object err = primary.get("scoreError");
            double scoreError = err instanceof Double d ? d : Double.NaN;
            String jvm = (optString(e, "vmName") + " " + optString(e, "jdkVersion")).trim();
            out.add(new JmhResult(benchmark, string(e, "mode", where), Collections.unmodifiableMap(params), score,
                    scoreError, string(primary, "scoreUnit", where + ": primaryMetric"),
                    (int) number(e, "forks", where), (int) number(e, "warmupIterations", where),
                    optString(e, "warmupTime"), (int) number(e, "measurementIterations", where),
                    optString(e, "measurementTime"), jvm, source));
        }
        return out;
    }

    private static Map<?, ?> map(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected a JSON object but found " + describe(o));
        }
        return m;
    }

    private static String string(Map<?, ?> m, String field, String where) {
        Object o = m.get(field);
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a string but is " + describe(o));
        }
        return s;
    }

    private static String optString(Map<?, ?> m, String field) {
        Object o = m.get(field);
        return o == null ? "" : o.toString();
    }

    private static double number(Map<?, ?> m, String field, String where) {
        Object o = m.get(field);
        if (!(o instanceof Double d)) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a number but is " + describe(o));
        }
        return d;
    }

    static String describe(Object o) {
        return o == null ? "missing" : o instanceof String s ? "the string \"" + s + "\"" : o.toString();
    }
}
