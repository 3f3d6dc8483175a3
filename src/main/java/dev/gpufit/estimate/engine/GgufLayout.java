package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.engine.GgufTensor.Role;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.WeightsInfo;
import dev.gpufit.model.ggml.GgmlType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Weight bytes of a model in a llama.cpp mix, tensor by tensor, grouped the way llama.cpp
 * places them: the token embedding (always host RAM), the output head (with the final norm),
 * and each decoder layer (routed experts apart, for {@code --cpu-moe}).
 *
 * @param total        all weight bytes
 * @param tokenEmbd    token_embd.weight
 * @param output       output.weight (untied) and the final norm
 * @param layers       bytes of each decoder layer
 * @param layerExperts bytes of each layer's routed experts (included in {@code layers})
 * @param typeCounts   tensors per ggml type, as llama.cpp's loader prints them ("193 q4_K, 33 q6_K, 65 f32")
 * @param exact        true when the bytes came from the GGUF's own tensor table, false when modelled
 */
public record GgufLayout(
        long total, long tokenEmbd, long output, long[] layers, long[] layerExperts, String typeCounts, boolean exact) {

    /** The mix applied to the tensors the architecture implies; empty when the architecture is not listed. */
    public static Optional<GgufLayout> model(ModelSpec s, GgufMix mix) {
        Optional<List<GgufTensor>> tensors = GgufTensors.of(s);
        if (tensors.isEmpty()) {
            return Optional.empty();
        }
        int nLayer = s.layers();
        int nGqa = s.kvHeads() > 0 ? s.attentionHeads() / s.kvHeads() : 1;
        int nExpert = s.moe() == null ? 0 : s.moe().experts();
        boolean is70b = "llama".equals(s.architecture()) && nLayer == 80;
        long total = 0;
        long embd = 0;
        long output = 0;
        long[] layers = new long[nLayer];
        long[] experts = new long[nLayer];
        Map<GgmlType, Integer> counts = new EnumMap<>(GgmlType.class);
        for (GgufTensor t : tensors.get()) {
            GgmlType type = mix.typeOf(t, nLayer, nGqa, nExpert, is70b, s.tiedEmbeddings());
            long bytes = type.bytesFor(t.elements());
            counts.merge(type, 1, Integer::sum);
            total = Math.addExact(total, bytes);
            if (t.role() == Role.TOKEN_EMBD) {
                embd = bytes;
            } else if (t.layer() < 0) {
                output = Math.addExact(output, bytes);
            } else {
                layers[t.layer()] = Math.addExact(layers[t.layer()], bytes);
                if (t.role().isRoutedExpert()) {
                    experts[t.layer()] = Math.addExact(experts[t.layer()], bytes);
                }
            }
        }
        String summary = counts.entrySet().stream()
                .sorted(Map.Entry.<GgmlType, Integer>comparingByValue().reversed())
                .map(e -> e.getValue() + " " + e.getKey().ggmlName())
                .collect(Collectors.joining(", "));
        return Optional.of(new GgufLayout(total, embd, output, layers, experts, summary, false));
    }

    /**
     * Exact bytes from a GGUF's tensor table: the embedding, each {@code blk.N} layer and its
     * routed experts as read; the rest (output head, final norm, rope_freqs, a projector, layers
     * past block_count) is the output group. Without a per-layer split in {@code files} the
     * non-embedding bytes are spread evenly, as {@link #spread} does.
     */
    public static GgufLayout fromFile(WeightsInfo files, int nLayer) {
        long total = files.bytes();
        long embd = files.tokenEmbeddingBytes() != null ? files.tokenEmbeddingBytes() : 0;
        if (files.layerBytes().isEmpty()) {
            GgufLayout even = spread(total, embd, nLayer);
            return new GgufLayout(
                    total, embd, even.output(), even.layers(), even.layerExperts(), even.typeCounts(), true);
        }
        long[] layers = new long[nLayer];
        long[] experts = new long[nLayer];
        long inLayers = 0;
        for (int i = 0; i < nLayer; i++) {
            layers[i] = i < files.layerBytes().size() ? files.layerBytes().get(i) : 0;
            experts[i] = i < files.layerExpertBytes().size()
                    ? files.layerExpertBytes().get(i)
                    : 0;
            inLayers = Math.addExact(inLayers, layers[i]);
        }
        return new GgufLayout(total, embd, total - embd - inLayers, layers, experts, "as read from the file", true);
    }

    /**
     * Bytes known only as a total: the embedding as given, the rest spread evenly over the layers
     * and the output head, no experts apart.
     */
    public static GgufLayout spread(long total, long tokenEmbd, int nLayer) {
        long rest = total - tokenEmbd;
        long perLayer = rest / (nLayer + 1L);
        long[] layers = new long[nLayer];
        java.util.Arrays.fill(layers, perLayer);
        return new GgufLayout(
                total,
                tokenEmbd,
                rest - perLayer * nLayer,
                layers,
                new long[nLayer],
                "spread evenly over the layers",
                false);
    }

    /** Bytes of the repeating layers {@code [from, to)}. */
    public long layerBytes(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += layers[i];
        }
        return sum;
    }

    /** Routed-expert bytes of the layers {@code [from, to)}. */
    public long expertBytes(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += layerExperts[i];
        }
        return sum;
    }
}
