package dev.gpufit.model.gguf;

import java.util.List;

/**
 * A parsed and validated GGUF file.
 *
 * @param file      the file as named to the user
 * @param version   2 or 3
 * @param alignment data alignment (general.alignment, default 32)
 * @param dataStart offset of the tensor data section
 * @param fileSize  size of the file in bytes
 * @param metadata  the key/value metadata
 * @param tensors   the tensors in file order
 */
public record GgufFile(
        String file,
        int version,
        long alignment,
        long dataStart,
        long fileSize,
        GgufMetadata metadata,
        List<GgufTensorInfo> tensors) {
    public GgufFile {
        tensors = List.copyOf(tensors);
    }
}
