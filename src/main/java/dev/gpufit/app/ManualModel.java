package dev.gpufit.app;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.ModelSpecValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * A model given as numbers instead of a reference: the parameter count, layers and hidden size,
 * and optionally the heads, KV heads, head dimension, vocabulary and MLP width. What is not given
 * is assumed (and said so in the notes): head_dim 128 when it divides the hidden size, no GQA, a
 * 32000 vocabulary, a 4 x hidden MLP.
 */
public record ManualModel(
        Long params,
        Integer layers,
        Long hidden,
        Integer heads,
        Integer kvHeads,
        Integer headDim,
        Long vocab,
        Long intermediate) {

    /** Whether any number is given (then the model is manual, and a reference is refused). */
    public boolean isGiven() {
        return params != null
                || layers != null
                || hidden != null
                || heads != null
                || kvHeads != null
                || headDim != null
                || vocab != null
                || intermediate != null;
    }

    /** The model these numbers describe, validated like a model read from a file. */
    public ModelSpec toSpec(FieldNames names) {
        String fParams = names.of(Field.PARAMS);
        String fLayers = names.of(Field.LAYERS);
        String fHidden = names.of(Field.HIDDEN);
        List<String> missing = new ArrayList<>();
        if (params == null) {
            missing.add(fParams);
        }
        if (layers == null) {
            missing.add(fLayers);
        }
        if (hidden == null) {
            missing.add(fHidden);
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("manual numbers need " + fParams + ", " + fLayers + " and " + fHidden
                    + "; missing " + String.join(", ", missing));
        }
        positive(fLayers, layers);
        positive(fHidden, hidden);
        List<String> notes = new ArrayList<>();
        int hd;
        int nh;
        if (headDim != null) {
            positive(names.of(Field.HEAD_DIM), headDim);
            hd = headDim;
            nh = heads != null ? positive(names.of(Field.HEADS), heads) : (int) Math.max(1, hidden / hd);
        } else if (heads != null) {
            nh = positive(names.of(Field.HEADS), heads);
            if (hidden % nh != 0) {
                // hidden / heads would truncate: head_dim 585 for 4096 / 7, a KV width that no model has
                throw new BadInputException(names.of(Field.HEADS) + " " + nh + " does not divide " + fHidden + " "
                        + hidden + "; give " + names.of(Field.HEAD_DIM)
                        + " when the heads are not hidden / heads wide");
            }
            hd = (int) Math.max(1, hidden / nh);
        } else {
            hd = hidden % 128 == 0 ? 128 : (int) Math.min(hidden, Integer.MAX_VALUE);
            nh = (int) Math.max(1, hidden / hd);
            notes.add("manual: heads not given; assumed head_dim " + hd + " and " + nh + " heads");
        }
        int nkv = kvHeads != null ? positive(names.of(Field.KV_HEADS), kvHeads) : nh;
        if (kvHeads == null) {
            notes.add("manual: " + names.of(Field.KV_HEADS)
                    + " not given; KV heads = attention heads (no GQA), KV width = " + ((long) nkv * hd));
        }
        if (vocab == null) {
            notes.add("manual: " + names.of(Field.VOCAB) + " not given; assumed 32000 (affects the logits term only)");
        }
        if (intermediate == null) {
            notes.add("manual: " + names.of(Field.INTERMEDIATE)
                    + " not given; assumed 4 x hidden (affects activations only)");
        }
        if (hidden > Integer.MAX_VALUE) {
            // the one range the validator cannot see: ModelSpec's int fields derived from it (head_dim) would wrap
            throw new BadInputException(fHidden + " " + hidden + " is out of range (at most 2^31 - 1)");
        }
        ModelSpec spec = ModelSpec.builder()
                .id("manual")
                .source("manual")
                .architecture("generic")
                .parameters(params)
                .layers(layers)
                .hiddenSize(hidden)
                .attentionHeads(nh)
                .kvHeads(nkv)
                .headDim(hd)
                .vocabSize(vocab != null ? vocab : 32000)
                .intermediateSize(intermediate != null ? intermediate : 4 * hidden)
                .notes(notes)
                .build();
        // the same gate as every model read from a file: kv-heads dividing heads, counts in range
        return ModelSpecValidator.validate(
                spec,
                "manual numbers",
                new ModelSpecValidator.FieldNames(
                        fLayers,
                        fHidden,
                        names.of(Field.HEADS),
                        names.of(Field.KV_HEADS),
                        names.of(Field.HEAD_DIM),
                        names.of(Field.VOCAB)));
    }

    private static int positive(String name, long v) {
        if (v <= 0) {
            throw new BadInputException(name + " must be at least 1, got " + v);
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
