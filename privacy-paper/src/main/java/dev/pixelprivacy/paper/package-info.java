/**
 * The paper, in one place: {@link dev.pixelprivacy.paper.PaperMethods} assembles FGSM, Salient
 * Defence, Salient Defence + tilt-shift and Coupled Optimisation (MediaEval 2019, "Concealed FGSM
 * Perturbations for Privacy Preservation") from the library's attacks, masks and filters, runs the
 * paper's evaluation grid, and takes an ONNX threat model in one call. The authors' reference code is
 * {@link dev.pixelprivacy.paper.reference}.
 */
package dev.pixelprivacy.paper;
