/**
 * The ONNX to SameDiff translation, not exported by the module: {@code GraphTranslator} (one handler
 * per supported operator, the supported set being the handlers' keys), tensor conversion and
 * external data confined to the model's folder, attribute access with the specification's defaults,
 * the data-only gradient of convolutions, and error messages that name the node. Not API.
 */
package dev.pixelprivacy.dl4j.onnx.internal;
