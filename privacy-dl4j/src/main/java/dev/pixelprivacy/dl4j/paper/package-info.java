/**
 * How the authors' reference code fed the paper's networks (compatibility mode):
 * {@link dev.pixelprivacy.dl4j.paper.ReferenceCodeModels} gives the {@code Preprocessing} specs of its
 * SalGAN and NIMA inputs, for use with the paper's methods in compatibility mode.
 */
package dev.pixelprivacy.dl4j.paper;
