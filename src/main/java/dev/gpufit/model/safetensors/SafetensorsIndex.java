package dev.gpufit.model.safetensors;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A sharded checkpoint's {@code model.safetensors.index.json}.
 *
 * @param weightMap tensor name to shard file name (a bare basename next to the index), in file order
 * @param totalSize the index's {@code metadata.total_size} (tensor bytes), {@code null} when absent;
 *                  informational only: the HF loader does not check it and neither do we
 */
public record SafetensorsIndex(Map<String, String> weightMap, Long totalSize) {
    public SafetensorsIndex {
        weightMap = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weightMap));
    }

    /** The shard files in first-mentioned order. */
    public List<String> shardFiles() {
        return List.copyOf(new LinkedHashSet<>(weightMap.values()));
    }
}
