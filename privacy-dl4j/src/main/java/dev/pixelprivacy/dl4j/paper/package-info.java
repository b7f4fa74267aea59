/**
 * The networks of the paper with the preprocessing each method needs, for the intended method and
 * for the reference code's compatibility mode.
 */
package dev.pixelprivacy.dl4j.paper;
