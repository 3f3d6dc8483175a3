package dev.gpufit.model.gguf;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GGUF counterpart of {@link dev.gpufit.model.SizeBearingFields}: for a
 * {@code general.architecture} gpufit has no mapping for, what in the file changes memory in a way
 * a generic estimate leaves out. The weights of a GGUF are exact from its tensor table whatever the
 * architecture; what goes wrong is the cache: a recurrent layer keeps a per-sequence state instead
 * of K/V rows (llama.cpp src/llama-memory-recurrent.cpp), and per-layer head counts say which
 * layers have a KV cache at all (src/llama-model.cpp reads them as arrays for hybrids).
 *
 * <p>Reported, each once: recurrent and per-layer-input tensors ({@code blk.N.ssm_*},
 * {@code time_mix_*}, {@code channel_mix_*}, {@code shortconv.*}, {@code altup_*},
 * {@code laurel_*}, {@code per_layer_*}); recurrent metadata under the architecture
 * ({@code ssm.*}, {@code shortconv.*}, {@code wkv.*}, {@code time_mix_*},
 * {@code full_attention_interval}, {@code attention.shared_kv_layers},
 * {@code embedding_length_per_layer_input}); and the per-layer arrays {@code attention.head_count},
 * {@code attention.head_count_kv}, {@code feed_forward_length} when their entries differ.
 */
final class GgufSizeBearing {
    private static final Pattern LAYER_TENSOR =
            Pattern.compile("blk\\.\\d+\\.(ssm_|time_mix_|channel_mix_|shortconv\\.|altup_|laurel_|per_layer_)");
    private static final List<String> METADATA_PREFIXES = List.of(
            "ssm.",
            "shortconv.",
            "wkv.",
            "time_mix_",
            "full_attention_interval",
            "attention.shared_kv_layers",
            "embedding_length_per_layer_input");
    private static final List<String> PER_LAYER_ARRAYS =
            List.of("attention.head_count", "attention.head_count_kv", "feed_forward_length");

    private GgufSizeBearing() {}

    /**
     * @param m           the first file's metadata
     * @param arch        the GGUF architecture name (keys are read under it)
     * @param tensorNames every tensor name of the model
     */
    static List<String> unmodelled(GgufMetadata m, String arch, Set<String> tensorNames) {
        String p = arch + ".";
        Set<String> found = new LinkedHashSet<>();
        tensorNames.stream().sorted().forEach(name -> {
            Matcher t = LAYER_TENSOR.matcher(name);
            if (t.lookingAt()) {
                found.add("tensors blk.*." + t.group(1) + "*");
            } else if (name.startsWith("per_layer_")) {
                found.add("tensor " + name);
            }
        });
        m.keys().stream()
                .sorted()
                .filter(k -> k.startsWith(p))
                .filter(k -> METADATA_PREFIXES.stream()
                        .anyMatch(x -> k.substring(p.length()).startsWith(x)))
                .forEach(found::add);
        for (String key : PER_LAYER_ARRAYS) {
            Optional<List<Long>> v = m.integers(p + key);
            if (v.isPresent() && v.get().size() > 1 && !Collections.min(v.get()).equals(Collections.max(v.get()))) {
                found.add(p + key + " (per-layer array)");
            }
        }
        return List.copyOf(found);
    }
}
