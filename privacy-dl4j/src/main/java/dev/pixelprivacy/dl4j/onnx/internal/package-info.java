/**
 * The ONNX to SameDiff translation: tensor conversion, attribute access with the specification's
 * defaults, and the per-operator rules. Not API.
 */
package dev.pixelprivacy.dl4j.onnx.internal;
