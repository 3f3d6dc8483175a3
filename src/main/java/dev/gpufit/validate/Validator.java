package dev.gpufit.validate;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs ground-truth cases through the matching engine profile: llama.cpp and Ollama buffers,
 * vLLM's profile and KV capacity, transformers' peak allocation. Pure: cases and catalog in,
 * results out. A case that cannot be run is listed with its reason, never dropped.
 */
public final class Validator {
    private final CaseModels models;

    public Validator(ModelCatalog catalog) {
        this.models = new CaseModels(catalog);
    }

    public List<CaseResult> run(List<GroundTruthCase> cases) {
        List<CaseResult> out = new ArrayList<>();
        for (GroundTruthCase c : cases) {
            out.add(run(c));
        }
        return out;
    }

    public CaseResult run(GroundTruthCase c) {
        String family = c.family();
        Optional<String> excluded = Exclusions.forCase(c.id());
        if (excluded.isPresent()) {
            return CaseResult.skipped(c, family, excluded.get());
        }
        List<String> notes = new ArrayList<>();
        String[] why = new String[1];
        Optional<ModelSpec> spec = models.spec(c, notes, why);
        if (spec.isEmpty()) {
            return CaseResult.skipped(c, family, why[0]);
        }
        try {
            return switch (family) {
                case "llama.cpp", "ollama" -> LlamaCppCases.run(c, spec.get(), family, notes);
                case "vllm" -> VllmCases.run(c, spec.get(), notes);
                case "transformers" -> TransformersCases.run(c, spec.get(), notes);
                default -> CaseResult.skipped(c, family, "engine '" + c.engine() + "' has no gpufit profile");
            };
        } catch (BadInputException e) {
            return CaseResult.skipped(c, family, "cannot run: " + e.getMessage());
        }
    }
}
