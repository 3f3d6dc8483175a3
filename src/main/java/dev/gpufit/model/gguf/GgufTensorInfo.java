package dev.gpufit.model.gguf;

import dev.gpufit.model.ggml.GgmlType;
import java.util.List;

/**
 * One tensor of a GGUF file, validated.
 *
 * @param name     e.g. "blk.0.attn_q.weight" (under 64 bytes)
 * @param dims     ggml order: {@code dims[0]} is the innermost dimension ({@code [4096, 128256]}
 *                 for Llama-3-8B's token_embd)
 * @param type     ggml type
 * @param offset   offset of the data from the start of the data section (aligned)
 * @param elements product of dims
 * @param bytes    exact bytes: {@code typeSize * elements / blockSize}
 */
public record GgufTensorInfo(String name, List<Long> dims, GgmlType type, long offset, long elements, long bytes) {
    public GgufTensorInfo {
        dims = List.copyOf(dims);
    }
}
