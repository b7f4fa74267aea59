/**
 * For users checking their own exported models: {@link dev.pixelprivacy.dl4j.tools.ModelCheck}, a
 * command-line tool that imports a model, runs it on a NumPy input and writes its output and input
 * gradient, and {@link dev.pixelprivacy.dl4j.tools.Npy}, the {@code .npy} files it reads and writes.
 */
package dev.pixelprivacy.dl4j.tools;
