package dev.gpufit.validate;

import dev.gpufit.model.CatalogEntry;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.gguf.GgufArchitectures;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model of a case: its {@code arch} numbers, with the fields it leaves out taken from the
 * catalog preset its model name contains (e.g. "Qwen3-32B" gives qwen3-32b: tied embeddings,
 * intermediate size, vocabulary, MoE shape). The case's own numbers always win.
 */
final class CaseModels {
    private final ModelCatalog catalog;

    CaseModels(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** The model, or empty with the reason in {@code why[0]}. */
    Optional<ModelSpec> spec(GroundTruthCase c, List<String> notes, String[] why) {
        Optional<CatalogEntry> preset = preset(c.model());
        ModelSpec.Builder b;
        if (preset.isPresent()) {
            b = preset.get().toSpec(preset.get().id()).toBuilder();
            notes.add("architecture fields the case leaves out come from the catalog preset "
                    + preset.get().id());
        } else {
            b = ModelSpec.builder().architecture("llama").nativeDtype("bf16");
        }
        b.id(c.id()).source("ground truth").notes(List.of());
        String arch = c.archText("arch").map(GgufArchitectures::hfName).orElse(null);
        if (arch != null) {
            b.architecture(arch);
            archDefaults(b, arch);
        }
        ModelSpec base = b.build();
        int layers = (int) c.arch("n_layer").orElse(base.layers());
        long hidden = (long) c.arch("n_embd", "hidden").orElse(base.hiddenSize());
        int heads = (int) c.arch("n_head").orElse(base.attentionHeads());
        int kvHeads = (int) c.arch("n_head_kv", "n_kv_head").orElse(base.kvHeads() > 0 ? base.kvHeads() : heads);
        int headDim = (int)
                c.arch("head_dim").orElse(base.headDim() > 0 ? base.headDim() : heads > 0 ? (int) (hidden / heads) : 0);
        long vocab = (long) c.arch("n_vocab", "vocab").orElse(base.vocabSize());
        long ff = (long) c.arch("n_ff").orElse(base.intermediateSize());
        b.layers(layers)
                .hiddenSize(hidden)
                .attentionHeads(heads)
                .kvHeads(kvHeads)
                .headDim(headDim)
                .vocabSize(vocab)
                .intermediateSize(ff);
        String missing = (layers <= 0 ? " n_layer" : "")
                + (hidden <= 0 ? " n_embd" : "")
                + (heads <= 0 ? " n_head" : "")
                + (kvHeads <= 0 ? " n_head_kv" : "")
                + (vocab <= 0 ? " n_vocab" : "")
                + (ff <= 0 && base.moe() == null ? " n_ff" : "");
        if (!missing.isEmpty()) {
            why[0] = "architecture not known: the case lacks" + missing
                    + " and its model name matches no catalog preset";
            return Optional.empty();
        }
        return Optional.of(b.build());
    }

    /** The catalog preset whose id or HF repo id the model name contains (longest match). */
    Optional<CatalogEntry> preset(String model) {
        String m = model.toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
        CatalogEntry best = null;
        int bestLen = 0;
        for (CatalogEntry e : catalog.entries()) {
            for (String name : names(e)) {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.length() > bestLen && contains(m, n)) {
                    best = e;
                    bestLen = n.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> names(CatalogEntry e) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        out.add(e.id());
        out.addAll(e.hf());
        return out;
    }

    /** Contains as a whole token: "llama-3-8b" is in "llama-3-8b-instruct" but not in "llama-3-8bx". */
    private static boolean contains(String hay, String needle) {
        int i = hay.indexOf(needle);
        while (i >= 0) {
            int end = i + needle.length();
            boolean startOk = i == 0 || !Character.isLetterOrDigit(hay.charAt(i - 1)) || hay.charAt(i - 1) == '/';
            boolean endOk =
                    end == hay.length() || !Character.isLetterOrDigit(hay.charAt(end)) && hay.charAt(end) != '.';
            if (startOk && endOk) {
                return true;
            }
            i = hay.indexOf(needle, i + 1);
        }
        return false;
    }

    private static void archDefaults(ModelSpec.Builder b, String arch) {
        switch (arch) {
            case "qwen2" -> b.qkvBias(true);
            case "qwen3", "qwen3_moe" -> b.qkNorm(true);
            case "gpt_neox" -> b.qkvBias(true).outputBias(true).mlpBias(true).normVectorsPerLayer(4);
            default -> {}
        }
    }
}
