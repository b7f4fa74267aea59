package dev.pixelprivacy.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The --jsonl lines: compact, keys in insertion order, numbers and escapes as the tool has always written them. */
class JsonLineTest {
    @Test
    void writesCompactObjectsInInsertionOrder() {
        String line = new JsonLine().put("input", "a/b c.png").put("status", "protected").put("n", 42L)
                .put("eps", 0.5).put("none", (String) null)
                .put("prediction", new JsonLine().put("label", 3L).put("p", 0.123456789)).toString();
        assertThat(line).isEqualTo("{\"input\":\"a/b c.png\",\"status\":\"protected\",\"n\":42,\"eps\":0.500000,"
                + "\"none\":null,\"prediction\":{\"label\":3,\"p\":0.123457}}");
    }

    @Test
    void writesDoublesWithSixSignificantDigitsAndNonFiniteOnesAsNullOrStrings() {
        String line = new JsonLine().put("a", 1e-7).put("b", 123456789.0).put("c", -0.0).put("nan", Double.NaN)
                .put("inf", Double.POSITIVE_INFINITY).put("ninf", Double.NEGATIVE_INFINITY).toString();
        assertThat(line).isEqualTo("{\"a\":1.00000e-07,\"b\":1.23457e+08,\"c\":-0.00000,\"nan\":null,\"inf\":\"inf\","
                + "\"ninf\":\"-inf\"}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String s = "q\"b\\n\nr\rt\tb\bf\fz\u0000u\u001fé€😀/";
        String expected = "\"q\\\"b\\\\n\\nr\\rt\\tb\\u0008f\\u000cz\\u0000u\\u001fé€😀/\"";
        assertThat(JsonLine.quote(s)).isEqualTo(expected);
        assertThat(new JsonLine().put(s, s).toString()).isEqualTo("{" + expected + ":" + expected + "}");
    }

    @Test
    void anEmptyLineIsAnEmptyObject() {
        assertThat(new JsonLine().toString()).isEqualTo("{}");
    }

    @Test
    void writesArraysOfNumbersLikeSingleNumbers() {
        assertThat(new JsonLine().put("input", "x.png").put("score", 5.25).put("distribution", new float[] {0.5f, 0.25f, 0f})
                .toString()).isEqualTo("{\"input\":\"x.png\",\"score\":5.25000,\"distribution\":[0.500000,0.250000,0.00000]}");
    }
}
