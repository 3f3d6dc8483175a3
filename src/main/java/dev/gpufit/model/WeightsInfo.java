package dev.gpufit.model;

import java.util.List;
import java.util.Map;

/**
 * Exact weight sizes read from the files about to be loaded.
 *
 * @param bytes           bytes of tensor data that will sit in device memory (sum of tensor sizes)
 * @param parameters      model parameters (buffers and packing metadata excluded), {@code null} if unknown
 * @param bytesByDtype    tensor bytes per stored dtype / ggml type, e.g. {"BF16": 16060522496}
 * @param tokenEmbeddingBytes bytes of the token embedding tensor (llama.cpp keeps it in host RAM), {@code null} if unknown
 * @param files           the files read
 * @param format          safetensors or gguf
 * @param layerBytes      bytes of each decoder layer's tensors ({@code blk.N.*} in a GGUF), index N; empty when not read
 * @param layerExpertBytes bytes of each layer's routed-expert tensors ({@code blk.N.*_exps*}), included in
 *                        {@code layerBytes}; empty when not read
 */
public record WeightsInfo(
        long bytes,
        Long parameters,
        Map<String, Long> bytesByDtype,
        Long tokenEmbeddingBytes,
        List<String> files,
        String format,
        List<Long> layerBytes,
        List<Long> layerExpertBytes) {
    public WeightsInfo {
        bytesByDtype = bytesByDtype == null ? Map.of() : Map.copyOf(bytesByDtype);
        files = files == null ? List.of() : List.copyOf(files);
        layerBytes = layerBytes == null ? List.of() : List.copyOf(layerBytes);
        layerExpertBytes = layerExpertBytes == null ? List.of() : List.copyOf(layerExpertBytes);
    }

    /** Weights without a per-layer split. */
    public WeightsInfo(
            long bytes,
            Long parameters,
            Map<String, Long> bytesByDtype,
            Long tokenEmbeddingBytes,
            List<String> files,
            String format) {
        this(bytes, parameters, bytesByDtype, tokenEmbeddingBytes, files, format, List.of(), List.of());
    }
}
