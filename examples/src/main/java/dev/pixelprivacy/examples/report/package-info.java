/** Charts and pages made from evaluation results. */
package dev.pixelprivacy.examples.report;
