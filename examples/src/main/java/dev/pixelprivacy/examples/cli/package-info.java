/**
 * The {@code pixel-privacy} command-line tool: protect, evaluate, mask, score, model-check, list.
 *
 * <p>Batches: {@link dev.pixelprivacy.examples.cli.InputScan} finds the images of the inputs and
 * lists every other entry with its reason; {@link dev.pixelprivacy.examples.cli.OutputPlan} plans
 * every output before any work, refuses those that would touch an input, and is the one way the
 * commands write; {@link dev.pixelprivacy.examples.cli.RunManifest} records what a run wrote, keyed
 * on the input's content and the settings, so a rerun resumes.
 */
package dev.pixelprivacy.examples.cli;
