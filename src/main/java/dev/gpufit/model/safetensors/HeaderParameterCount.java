package dev.gpufit.model.safetensors;

import java.util.List;

/**
 * Model parameters counted from tensor headers.
 *
 * @param parameters   trainable weights, buffers and quantization metadata excluded, packed
 *                     storage unpacked
 * @param buffers      tensors skipped as buffers (rotary inv_freq, causal masks, position_ids)
 * @param quantAux     tensors skipped as quantization metadata (scales, zeros, g_idx, absmax ...)
 * @param packed       tensors whose element count was unpacked (qweight, mxfp4 blocks, bnb 4-bit)
 * @param notes        one line per rule that fired, for the report
 */
public record HeaderParameterCount(long parameters, int buffers, int quantAux, int packed, List<String> notes) {
    public HeaderParameterCount {
        notes = List.copyOf(notes);
    }
}
