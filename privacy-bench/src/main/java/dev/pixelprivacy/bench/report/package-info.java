/**
 * The performance page: {@link dev.pixelprivacy.bench.report.PerformanceReport} reads the JMH JSON and the
 * side files {@code scripts/bench.sh} writes ({@link dev.pixelprivacy.bench.report.SuiteResults}) and writes
 * Markdown tables, every number taken from those files.
 */
package dev.pixelprivacy.bench.report;
