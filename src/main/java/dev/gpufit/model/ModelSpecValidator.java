package dev.gpufit.model;

/**
 * The one gate every model read from a file or preset passes before the arithmetic sees it: the
 * numbers the KV cache, activations and parameter count divide and multiply by must be there and
 * be sane. A spec that slips through with 0 heads gives a KV cache of 0 bytes and a confident
 * "fits"; one with two billion layers allocates per-layer lists until the heap is gone.
 *
 * <p>Readers call it where they build the spec ({@link HfConfigMapper} for config.json, presets and
 * the Hub; the GGUF mapper for .gguf files), naming the file and the source's own field names, so the
 * user can fix the file. {@link #layers} is also called as soon as the layer count is read, before
 * anything is sized per layer.
 */
public final class ModelSpecValidator {
    /** Far above any published model (DeepSeek V3: 61, Llama 3.1 405B: 126); a guard, not a limit of the math. */
    public static final int MAX_LAYERS = 4096;

    /**
     * How one source names the fields, for messages ("num_hidden_layers", "llama.block_count" ...).
     */
    public record FieldNames(
            String layers, String hidden, String heads, String kvHeads, String headDim, String vocab) {}

    private ModelSpecValidator() {}

    /** The layer count, checked before anything is allocated per layer. */
    public static int layers(long layers, String where, String field) {
        if (layers < 1 || layers > MAX_LAYERS) {
            throw new ModelFileException(where, field + " " + layers + " is outside 1.." + MAX_LAYERS);
        }
        return (int) layers;
    }

    /** The spec itself when every number the arithmetic needs is usable; else bad input naming the field. */
    public static ModelSpec validate(ModelSpec s, String where, FieldNames f) {
        layers(s.layers(), where, f.layers());
        positive(s.hiddenSize(), where, f.hidden(), "hidden size");
        positive(s.attentionHeads(), where, f.heads(), "attention heads");
        positive(s.vocabSize(), where, f.vocab(), "vocabulary size");
        if (s.mla() == null) {
            // MLA caches one latent per token: its KV head count and head_dim play no part in the cache
            positive(s.kvHeads(), where, f.kvHeads(), "KV heads");
            if (s.kvHeads() > s.attentionHeads()) {
                throw new ModelFileException(
                        where,
                        f.kvHeads() + " " + s.kvHeads() + " exceeds the " + s.attentionHeads() + " attention heads");
            }
            if (s.attentionHeads() % s.kvHeads() != 0) {
                throw new ModelFileException(
                        where,
                        f.kvHeads() + " " + s.kvHeads() + " KV heads do not divide " + f.heads() + " "
                                + s.attentionHeads() + " attention heads");
            }
            positive(s.headDim(), where, f.headDim(), "head dimension");
        }
        return s;
    }

    private static void positive(long v, String where, String field, String what) {
        if (v <= 0) {
            throw new ModelFileException(
                    where, field + " (" + what + ") is missing or " + v + "; it must be at least 1");
        }
    }
}
