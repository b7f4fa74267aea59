/**
 * The authors' reference code, quirks and all (the compatibility mode; METHOD.md, last section): read
 * this package to read "what their code did". {@link dev.pixelprivacy.paper.reference.ReferenceCodeFgsm}
 * (the step on the normalised tensor, unclipped, written as its global min-max),
 * {@link dev.pixelprivacy.paper.reference.ReferenceEdgeMap} (3-D Sobel across channels and rows),
 * {@link dev.pixelprivacy.paper.reference.ReferenceSalientDefenceMask} and its provider
 * ({@code salient-defence-reference}), {@link dev.pixelprivacy.paper.reference.ReferenceTiltShift}
 * (dithered map, scipy's blur), {@link dev.pixelprivacy.paper.reference.ReferenceCoupling} (z-scored
 * gradients on the normalised tensor), {@link dev.pixelprivacy.paper.reference.ReferenceCodeModels}
 * (how their networks were fed, and the EMD-to-all-ones "score"), and
 * {@link dev.pixelprivacy.paper.reference.ReferenceCodePipeline} (the whole per-image run, JPEG 75 in and
 * out). {@code PaperMethods.builder(...).compatibility(true)} assembles them.
 *
 * <p>What stays lower, because it is part of a network or a loss rather than of their pipeline: the
 * negative true-class logit loss ({@code ClassifierLoss.NEGATIVE_TRUE_LOGIT}, their {@code nll_loss} on
 * raw logits) in privacy-core, which every threat model must be able to differentiate; the z-score
 * normalisation option of {@code CoupledObjective}; and the graph-level EMD head of NIMA
 * ({@code NimaScorer.emdGradient(batch, target, referenceCode)} with {@code Objective.EMD_REFERENCE_CODE})
 * in privacy-dl4j, because its gradient is built by autodiff inside the network's graph.
 */
package dev.pixelprivacy.paper.reference;
