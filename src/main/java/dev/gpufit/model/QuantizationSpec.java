package dev.gpufit.model;

import java.util.List;

/**
 * Quantization a checkpoint declares (config.json {@code quantization_config}, GGUF file type).
 *
 * @param method         gptq, awq, bitsandbytes, fp8, mxfp4, compressed-tensors, gguf
 * @param bits           bits per quantized weight (4, 8 ...)
 * @param groupSize      weights per scale group, {@code null} when per-channel / not grouped
 * @param name           display name, e.g. "Q4_K_M" or "gptq 4-bit g128"
 * @param unquantizedModules modules kept in full precision (lm_head, attention for mxfp4 ...)
 */
public record QuantizationSpec(
        String method, Integer bits, Integer groupSize, String name, List<String> unquantizedModules) {
    public QuantizationSpec {
        unquantizedModules = unquantizedModules == null ? List.of() : List.copyOf(unquantizedModules);
    }
}
