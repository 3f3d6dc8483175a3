package dev.gpufit.model.gguf;

import dev.gpufit.model.MappedModelTypes;
import dev.gpufit.model.MlaSpec;
import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.ModelSpecValidator;
import dev.gpufit.model.MoeSpec;
import dev.gpufit.model.QuantizationSpec;
import dev.gpufit.model.SlidingWindowPattern;
import dev.gpufit.model.WeightsInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns GGUF metadata and tensors into a {@link ModelSpec}: the architecture numbers from the
 * {@code [arch].*} keys (as llama.cpp's {@code llm_load_hparams} reads them), the weights exact
 * from the tensor table. Keys are read under the GGUF architecture name ({@code gpt-oss.*}); the
 * spec carries the HF name ({@code gpt_oss}, see {@link GgufArchitectures}) the estimator keys on.
 */
public final class GgufModelMapper {
    /** llama.cpp's LLAMA_MAX_LAYERS: hparams arrays are this long, more layers write out of bounds. */
    public static final int MAX_LAYERS = 512;

    private GgufModelMapper() {}

    /**
     * @param id    what the user named (a path)
     * @param files the model's files, split 1 first (it holds the metadata)
     */
    public static ModelSpec toSpec(String id, List<GgufFile> files) {
        GgufFile first = files.get(0);
        GgufMetadata m = first.metadata();
        String file = first.file();
        String arch = m.string("general.architecture")
                .orElseThrow(() -> new ModelFileException(file, "has no general.architecture"));
        String p = arch + ".";
        int layers = intKey(m, file, p + "block_count")
                .orElseThrow(() -> new ModelFileException(file, "has no " + p + "block_count"));
        if (layers <= 0 || layers > MAX_LAYERS) {
            throw new ModelFileException(file, p + "block_count " + layers + " is outside 1.." + MAX_LAYERS);
        }
        long hidden = longKey(m, p + "embedding_length").orElse(0);
        List<String> notes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (GgufFile f : files) {
            f.tensors().forEach(t -> names.add(t.name()));
        }

        int heads = perLayerMax(m, file, p + "attention.head_count", notes).orElse(0);
        int kvHeads = perLayerMax(m, file, p + "attention.head_count_kv", notes).orElse(heads);
        Optional<Integer> keyLength = intKey(m, file, p + "attention.key_length");
        Optional<Integer> valueLength = intKey(m, file, p + "attention.value_length");
        int headDim = keyLength.orElse(heads > 0 ? (int) (hidden / heads) : 0);
        if (keyLength.isPresent() && valueLength.isPresent() && !keyLength.equals(valueLength)) {
            notes.add("GGUF key_length " + keyLength.get() + " and value_length " + valueLength.get() + " differ");
        }
        long intermediate =
                perLayerMax(m, file, p + "feed_forward_length", notes).orElse(0);

        WeightsInfo weights = GgufWeights.of(files);
        long vocab = longKey(m, p + "vocab_size")
                .orElse(m.arrayCount("tokenizer.ggml.tokens").orElse(0));
        if (vocab == 0) {
            vocab = files.stream()
                    .flatMap(f -> f.tensors().stream())
                    .filter(t -> t.name().equals(GgufWeights.TOKEN_EMBEDDING)
                            && t.dims().size() >= 2)
                    .mapToLong(t -> t.dims().get(1))
                    .findFirst()
                    .orElse(0);
        }

        ModelSpec.Builder b = ModelSpec.builder()
                .id(id)
                .source("gguf")
                .architecture(GgufArchitectures.hfName(arch))
                .parameters(weights.parameters())
                .layers(layers)
                .hiddenSize(hidden)
                .attentionHeads(heads)
                .kvHeads(kvHeads)
                .headDim(headDim)
                .vocabSize(vocab)
                .intermediateSize(intermediate)
                .tiedEmbeddings(!names.contains("output.weight"))
                .qkvBias(names.contains("blk.0.attn_q.bias") || names.contains("blk.0.attn_qkv.bias"))
                .outputBias(names.contains("blk.0.attn_output.bias"))
                .mlpBias(names.contains("blk.0.ffn_up.bias") || names.contains("blk.0.ffn_down.bias"))
                .qkNorm(names.contains("blk.0.attn_q_norm.weight"))
                .weights(weights);
        longKey(m, p + "context_length").ifPresent(b::maxContext);
        moe(m, file, p, intermediate, names).ifPresent(b::moe);
        mla(m, file, p, notes).ifPresent(mla -> b.mla(mla).headDim(mla.qkNopeHeadDim() + mla.qkRopeHeadDim()));
        sliding(m, file, arch, layers, b, notes);

        OptionalLong fileType = m.integer("general.file_type");
        if (fileType.isPresent()) {
            long ft = fileType.getAsLong();
            String name = GgufFileType.name(ft);
            b.nativeDtype(GgufFileType.dtype(ft));
            if (!GgufFileType.isFloat(ft)) {
                b.quantization(new QuantizationSpec("gguf", null, null, name, List.of()));
            }
            notes.add("GGUF file type " + name);
        } else {
            b.nativeDtype(mainType(weights));
        }
        notes.add(
                0,
                "read " + names.size() + " tensors from " + files.size() + " GGUF file"
                        + (files.size() == 1 ? "" : "s") + " (sizes from ggml block sizes): " + weights.bytes()
                        + " bytes, "
                        + weights.parameters() + " parameters");
        if (weights.tokenEmbeddingBytes() != null) {
            notes.add("token embedding " + GgufWeights.TOKEN_EMBEDDING + ": " + weights.tokenEmbeddingBytes()
                    + " bytes (llama.cpp keeps it in host memory)");
        }
        // a GGUF without attention.head_count would otherwise give a KV cache of 0 bytes
        String hfName = GgufArchitectures.hfName(arch);
        if (!MappedModelTypes.contains(hfName)) {
            List<String> unmodelled = GgufSizeBearing.unmodelled(m, arch, names);
            if (!unmodelled.isEmpty()) {
                b.unmodelledFields(unmodelled);
                notes.add("approximate: generic estimate: architecture '" + arch
                        + "' has recurrent or per-layer parts gpufit does not model (" + String.join(", ", unmodelled)
                        + "); accepted with --accept-generic, the cache figures may be far off");
            }
        }
        ModelSpecValidator.FieldNames keys = new ModelSpecValidator.FieldNames(
                p + "block_count",
                p + "embedding_length",
                p + "attention.head_count",
                p + "attention.head_count_kv",
                p + "attention.key_length",
                p + "vocab_size (or tokenizer.ggml.tokens)");
        return ModelSpecValidator.validate(b.notes(notes).build(), file, keys);
    }

    private static Optional<MoeSpec> moe(GgufMetadata m, String file, String p, long intermediate, Set<String> names) {
        int experts = intKey(m, file, p + "expert_count").orElse(0);
        if (experts <= 0) {
            return Optional.empty();
        }
        return Optional.of(new MoeSpec(
                experts,
                intKey(m, file, p + "expert_used_count").orElse(0),
                intKey(m, file, p + "expert_shared_count").orElse(0),
                longKey(m, p + "expert_feed_forward_length").orElse(intermediate),
                longKey(m, p + "expert_shared_feed_forward_length").orElse(0),
                intKey(m, file, p + "leading_dense_block_count").orElse(0),
                1,
                names.contains("blk.0.ffn_gate_inp.bias"),
                names.contains("blk.0.ffn_up_exps.bias") || names.contains("blk.0.ffn_gate_up_exps.bias")));
    }

    /**
     * MLA only when the file has the {@code *_mla} keys: GGUFs converted before llama.cpp's MLA
     * support run as plain multi-head attention (128 KV heads of K 192 / V 128), a 70x larger
     * cache from the same weights, so they must not be treated as MLA.
     */
    private static Optional<MlaSpec> mla(GgufMetadata m, String file, String p, List<String> notes) {
        Optional<Integer> kvLora = intKey(m, file, p + "attention.kv_lora_rank");
        if (kvLora.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> keyMla = intKey(m, file, p + "attention.key_length_mla");
        Optional<Integer> valueMla = intKey(m, file, p + "attention.value_length_mla");
        if (keyMla.isEmpty() || valueMla.isEmpty()) {
            notes.add("GGUF converted before llama.cpp MLA support (no key_length_mla): KV cache is full multi-head");
            return Optional.empty();
        }
        int rope = intKey(m, file, p + "rope.dimension_count").orElse(64);
        Integer qLora = intKey(m, file, p + "attention.q_lora_rank").orElse(null);
        return Optional.of(new MlaSpec(qLora, kvLora.get(), keyMla.get() - rope, rope, valueMla.get()));
    }

    /** Window from {@code attention.sliding_window}; which layers slide from the pattern key or the arch. */
    private static void sliding(
            GgufMetadata m, String file, String arch, int layers, ModelSpec.Builder b, List<String> notes) {
        Optional<Integer> window = intKey(m, file, arch + ".attention.sliding_window");
        if (window.isEmpty() || window.get() <= 0) {
            return;
        }
        Optional<List<Long>> pattern = m.integers(arch + ".attention.sliding_window_pattern");
        List<Boolean> slides;
        if (pattern.isPresent() && pattern.get().size() > 1) {
            List<Long> flags = pattern.get();
            slides = new ArrayList<>(layers);
            for (int i = 0; i < layers; i++) {
                slides.add(i < flags.size() && flags.get(i) != 0);
            }
        } else if (pattern.isPresent() || SlidingWindowPattern.interleaved(GgufArchitectures.hfName(arch))) {
            // without a pattern key: the period llama.cpp's set_swa_pattern(n) gives the arch
            long n = pattern.map(l -> l.get(0)).orElseGet(() -> (long)
                    SlidingWindowPattern.period(GgufArchitectures.hfName(arch)).getAsInt());
            slides = SlidingWindowPattern.layers(layers, n);
        } else {
            // without the layers a window would mean nothing to the estimate; full context is the safe side
            notes.add("sliding window " + window.get()
                    + " declared but not which layers slide; all layers at full context");
            return;
        }
        b.slidingWindow(window.get()).slidingLayers(Collections.unmodifiableList(slides));
    }

    private static Optional<Integer> perLayerMax(GgufMetadata m, String file, String key, List<String> notes) {
        Optional<List<Long>> v = m.integers(key);
        if (v.isEmpty() || v.get().isEmpty()) {
            return Optional.empty();
        }
        long max = Collections.max(v.get());
        if (v.get().size() > 1 && Collections.min(v.get()) != max) {
            notes.add("GGUF " + key + " varies per layer; the largest, " + max + ", is used");
        }
        return Optional.of(toInt(file, key, max));
    }

    private static Optional<Integer> intKey(GgufMetadata m, String file, String key) {
        OptionalLong v = m.integer(key);
        return v.isPresent() ? Optional.of(toInt(file, key, v.getAsLong())) : Optional.empty();
    }

    private static OptionalLong longKey(GgufMetadata m, String key) {
        return m.integer(key);
    }

    private static int toInt(String file, String key, long v) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ModelFileException(file, "metadata " + key + " = " + v + " is out of range");
        }
        return (int) v;
    }

    private static String mainType(WeightsInfo w) {
        return w.bytesByDtype().entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(e -> e.getKey().toLowerCase(java.util.Locale.ROOT))
                .orElse(null);
    }
}
