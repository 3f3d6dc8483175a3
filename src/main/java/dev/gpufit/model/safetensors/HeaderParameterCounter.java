package dev.gpufit.model.safetensors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts model parameters from safetensors headers. Summing element counts gives what the Hub
 * calls {@code safetensors.total}, which is not the parameter count: it includes buffers
 * (rotary {@code inv_freq}, GPT-2's causal-mask {@code attn.bias}, {@code position_ids}) and, in
 * quantized checkpoints, packed storage and its scales (docs/formats.md#parameters-are-not-element-counts). This class
 * skips the buffers and the quantization metadata and unpacks the packed weights.
 *
 * <p>Bytes are not its business: every tensor, buffer or not, is loaded and counted in bytes.
 */
public final class HeaderParameterCounter {
    private static final String[] QUANT_AUX_SUFFIXES = {
        ".qzeros",
        ".g_idx", // GPTQ / AWQ
        ".weight_scale_inv", // FP8 block scales (DeepSeek-V3)
        ".weight_scale",
        ".input_scale",
        ".weight_zero_point", // compressed-tensors / modelopt
        ".weight_shape",
        ".weight_global_scale",
        ".input_global_scale",
        ".k_scale",
        ".v_scale", // kv-cache scales
        ".absmax",
        ".quant_map",
        ".nested_absmax",
        ".nested_quant_map", // bitsandbytes 4-bit
        ".SCB",
        ".weight_format", // bitsandbytes 8-bit
    };

    private HeaderParameterCounter() {}

    /**
     * @param tensors  every tensor of the checkpoint (all shards)
     * @param bitsHint quantized bits per weight from the config ({@code quantization_config.bits}),
     *                 {@code null} when unknown: then it is inferred from {@code g_idx}, else 4
     */
    public static HeaderParameterCount count(List<SafetensorsTensor> tensors, Integer bitsHint) {
        Map<String, SafetensorsTensor> byName = new HashMap<>();
        for (SafetensorsTensor t : tensors) {
            byName.put(t.name(), t);
        }
        long params = 0;
        int buffers = 0;
        int aux = 0;
        int packedGptq = 0;
        int packedMxfp4 = 0;
        int packedBnb = 0;
        int packedCt = 0;
        boolean assumedBits = false;
        for (SafetensorsTensor t : tensors) {
            String n = t.name();
            if (isBuffer(n)) {
                buffers++;
            } else if (isQuantAux(n, byName)) {
                aux++;
            } else if (n.endsWith(".qweight")) {
                QWeight q = unpackQWeight(t, byName, bitsHint);
                params = Math.addExact(params, q.weights);
                assumedBits |= q.assumedBits;
                packedGptq++;
            } else if (n.endsWith(".weight_packed") && t.dtype() == SafetensorsDtype.I32) {
                int bits = bitsHint != null ? bitsHint : 4;
                assumedBits |= bitsHint == null;
                params = Math.addExact(params, Math.multiplyExact(t.elements(), 32L / bits));
                packedCt++;
            } else if (n.endsWith("_blocks")
                    && t.dtype() == SafetensorsDtype.U8
                    && byName.containsKey(n.substring(0, n.length() - "_blocks".length()) + "_scales")) {
                // mxfp4: two FP4 values per byte; the _scales sibling is one E8M0 per 32 values
                params = Math.addExact(params, Math.multiplyExact(t.elements(), 2L));
                packedMxfp4++;
            } else if (t.dtype() == SafetensorsDtype.U8
                    && (byName.containsKey(n + ".absmax") || byName.containsKey(n + ".quant_map"))) {
                // bitsandbytes 4-bit: two values per byte
                params = Math.addExact(params, Math.multiplyExact(t.elements(), 2L));
                packedBnb++;
            } else {
                params = Math.addExact(params, t.elements());
            }
        }
        List<String> notes = new ArrayList<>();
        if (buffers > 0) {
            notes.add("parameters exclude " + buffers
                    + " buffer tensors (rotary inv_freq, attention masks, position_ids)");
        }
        if (aux > 0) {
            notes.add(
                    "parameters exclude " + aux + " quantization metadata tensors (scales, zeros, g_idx, absmax ...)");
        }
        int packed = packedGptq + packedMxfp4 + packedBnb + packedCt;
        if (packed > 0) {
            List<String> kinds = new ArrayList<>();
            if (packedGptq > 0) {
                kinds.add(packedGptq + " GPTQ/AWQ qweight (32/bits weights per I32)");
            }
            if (packedCt > 0) {
                kinds.add(packedCt + " compressed-tensors weight_packed (32/bits weights per I32)");
            }
            if (packedMxfp4 > 0) {
                kinds.add(packedMxfp4 + " mxfp4 blocks (2 values per byte)");
            }
            if (packedBnb > 0) {
                kinds.add(packedBnb + " bitsandbytes 4-bit (2 values per byte)");
            }
            notes.add("parameters derived from packing: " + String.join(", ", kinds)
                    + (assumedBits ? "; 4 bits per weight assumed where the checkpoint does not say" : ""));
        }
        return new HeaderParameterCount(params, buffers, aux, packed, notes);
    }

    /** Buffers that ride along in checkpoints but are not parameters. */
    static boolean isBuffer(String name) {
        return name.endsWith("inv_freq")
                || name.endsWith(".position_ids")
                || name.equals("position_ids")
                // GPT-2 keeps its causal mask as h.N.attn.bias [1,1,n,n] and attn.masked_bias;
                // the real biases are attn.c_attn.bias and attn.c_proj.bias
                || name.endsWith(".attn.bias")
                || name.equals("attn.bias")
                || name.endsWith(".attn.masked_bias")
                || name.equals("attn.masked_bias");
    }

    private static boolean isQuantAux(String name, Map<String, SafetensorsTensor> byName) {
        for (String s : QUANT_AUX_SUFFIXES) {
            if (name.endsWith(s)) {
                return true;
            }
        }
        if (name.contains(".quant_state.")) {
            return true;
        }
        // GPTQ/AWQ scales sit next to a qweight; mxfp4 scales next to their blocks.
        if (name.endsWith(".scales")
                && byName.containsKey(name.substring(0, name.length() - ".scales".length()) + ".qweight")) {
            return true;
        }
        return name.endsWith("_scales")
                && byName.containsKey(name.substring(0, name.length() - "_scales".length()) + "_blocks");
    }

    private record QWeight(long weights, boolean assumedBits) {}

    /**
     * GPTQ stores {@code qweight} I32 [in*bits/32, out], AWQ [in, out*bits/32]; both keep
     * {@code scales} [groups, out]. So the scales give {@code out}; in GPTQ layout {@code in}
     * is the length of {@code g_idx} when present, else rows × 32 / bits.
     */
    private static QWeight unpackQWeight(SafetensorsTensor q, Map<String, SafetensorsTensor> byName, Integer bitsHint) {
        String prefix = q.name().substring(0, q.name().length() - ".qweight".length());
        SafetensorsTensor scales = byName.get(prefix + ".scales");
        SafetensorsTensor gIdx = byName.get(prefix + ".g_idx");
        long rows = q.dimFromEnd(1);
        long cols = q.dimFromEnd(0);
        int bits = bitsHint != null ? bitsHint : 4;
        boolean assumed = bitsHint == null;
        if (scales != null && rows > 0 && cols > 0) {
            long out = scales.dimFromEnd(0);
            if (cols == out) { // GPTQ layout
                if (gIdx != null && gIdx.elements() > 0) {
                    return new QWeight(Math.multiplyExact(gIdx.elements(), out), false);
                }
                return new QWeight(Math.multiplyExact(Math.multiplyExact(rows, 32L / bits), out), assumed);
            }
            if (out > 0) { // AWQ layout: rows are the input features already
                return new QWeight(Math.multiplyExact(rows, out), false);
            }
        }
        return new QWeight(Math.multiplyExact(q.elements(), 32L / bits), assumed);
    }
}
