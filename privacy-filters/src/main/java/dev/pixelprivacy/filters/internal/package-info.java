/**
 * Kernels behind the public filters: streamed line filters (FIR, extended box cascade), the reflect
 * border, the FFT. Not API: may change without notice.
 */
package dev.pixelprivacy.filters.internal;
