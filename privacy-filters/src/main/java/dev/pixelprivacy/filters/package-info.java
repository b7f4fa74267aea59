/** Pure-Java image filters, weight-free saliency and the mask providers built from them. */
package dev.pixelprivacy.filters;
