/**
 * The paper's methods assembled from the library's parts, for the intended method and for the
 * reference code's compatibility mode: {@link dev.pixelprivacy.filters.methods.PaperMethods}.
 */
package dev.pixelprivacy.filters.methods;
