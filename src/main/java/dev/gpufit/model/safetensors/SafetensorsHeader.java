package dev.gpufit.model.safetensors;

import java.util.List;
import java.util.Map;

/**
 * The validated header of one safetensors file.
 *
 * @param file         the file as named to the user (path or Hub URL)
 * @param headerLength N, the JSON header length in bytes
 * @param fileSize     size of the whole file in bytes
 * @param tensors      the tensors in file order of their data offsets
 * @param metadata     the {@code __metadata__} string map (empty when absent)
 */
public record SafetensorsHeader(
        String file, long headerLength, long fileSize, List<SafetensorsTensor> tensors, Map<String, String> metadata) {
    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }
}
