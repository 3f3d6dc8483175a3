package dev.gpufit.model.gguf;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.WeightsInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact weights of one or more GGUF files (the splits of a model, or a projector): bytes are the
 * sum of each tensor's {@code typeSize * elements / blockSize}, never derived from
 * {@code general.file_type}. Tensors named {@code blk.N.*} are also summed per layer N, and
 * apart the routed experts among them ({@code *_exps}, what llama.cpp's {@code --cpu-moe}
 * keeps in host RAM), so partial offload can place real layer sizes.
 */
public final class GgufWeights {
    /** The input token embedding: llama.cpp keeps it in host memory, not on the GPU. */
    public static final String TOKEN_EMBEDDING = "token_embd.weight";
    /** llama.cpp's rope scaling factors: a buffer, not parameters. */
    private static final String ROPE_FREQS = "rope_freqs.weight";

    private static final String LAYER_PREFIX = "blk.";

    private GgufWeights() {}

    /** Sums tensors over files; a tensor name in two files is refused (a split set mixed up). */
    public static WeightsInfo of(List<GgufFile> files) {
        Map<String, String> seen = new HashMap<>();
        Map<String, Long> byType = new TreeMap<>();
        long[] layers = new long[GgufModelMapper.MAX_LAYERS];
        long[] experts = new long[GgufModelMapper.MAX_LAYERS];
        int nLayers = 0;
        long bytes = 0;
        long params = 0;
        Long embedding = null;
        for (GgufFile f : files) {
            for (GgufTensorInfo t : f.tensors()) {
                String other = seen.putIfAbsent(t.name(), f.file());
                if (other != null) {
                    throw new ModelFileException(
                            f.file(), "tensor " + ModelFileException.quote(t.name()) + " is also in " + other);
                }
                bytes = Math.addExact(bytes, t.bytes());
                byType.merge(t.type().name(), t.bytes(), Long::sum);
                if (!t.name().equals(ROPE_FREQS)) {
                    params = Math.addExact(params, t.elements());
                }
                if (t.name().equals(TOKEN_EMBEDDING)) {
                    embedding = t.bytes();
                }
                int layer = layerOf(t.name());
                if (layer >= 0) {
                    layers[layer] = Math.addExact(layers[layer], t.bytes());
                    if (isRoutedExpert(t.name())) {
                        experts[layer] = Math.addExact(experts[layer], t.bytes());
                    }
                    nLayers = Math.max(nLayers, layer + 1);
                }
            }
        }
        return new WeightsInfo(
                bytes,
                params,
                byType,
                embedding,
                files.stream().map(GgufFile::file).toList(),
                "gguf",
                list(layers, nLayers),
                list(experts, nLayers));
    }

    /**
     * N of a {@code blk.N.} tensor, or -1: not a layer tensor, or N past llama.cpp's layer limit
     * (such a tensor still counts in the total, outside any layer).
     */
    static int layerOf(String name) {
        if (!name.startsWith(LAYER_PREFIX)) {
            return -1;
        }
        int i = LAYER_PREFIX.length();
        int n = 0;
        int digits = 0;
        while (i < name.length() && name.charAt(i) >= '0' && name.charAt(i) <= '9') {
            n = n * 10 + (name.charAt(i) - '0');
            i++;
            if (++digits > 4 || n >= GgufModelMapper.MAX_LAYERS) {
                return -1;
            }
        }
        return digits > 0 && i < name.length() && name.charAt(i) == '.' ? n : -1;
    }

    /** The stacked expert tensors llama.cpp's --cpu-moe matches: ffn_up_exps, ffn_gate_exps, ffn_down_exps, ... */
    static boolean isRoutedExpert(String name) {
        return name.contains(".ffn_") && (name.contains("_exps.") || name.endsWith("_exps"));
    }

    private static List<Long> list(long[] values, int n) {
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(values[i]);
        }
        return out;
    }
}
