package dev.gpufit.cli;

import dev.gpufit.app.ManualModel;
import dev.gpufit.app.ModelLookup;
import dev.gpufit.app.ModelRequest;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.readers.ModelReaders;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What model to estimate: the positional MODEL (catalog id, HF repo id, config.json, model
 * directory ...) or manual numbers {@code --params 7e9 --layers 32 --hidden 4096} with optional
 * {@code --heads --kv-heads --head-dim --vocab --intermediate}. Use with {@code @Mixin} and call
 * {@link #resolve()}; the lookup and the manual defaults are {@link ModelLookup}'s.
 */
public final class ModelOptions {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MODEL",
            description = "Catalog id (llama-3.1-8b), HF repo id (meta-llama/Llama-3.1-8B; from the local HF cache, or "
                    + "the Hub with --hub), config.json, model directory (config.json + safetensors), or .gguf file.")
    String model;

    @Option(
            names = "--revision",
            paramLabel = "REV",
            description = "HF repo id: the branch, tag or commit to read (default: main).")
    String revision;

    @Option(
            names = "--hub",
            description =
                    "HF repo id: read config.json and the safetensors headers from the Hub "
                            + "($HF_ENDPOINT, default https://huggingface.co; $HF_TOKEN for gated models) instead of the local cache.")
    boolean hub;

    @Option(
            names = "--mmproj",
            paramLabel = "FILE",
            description = "Vision projector GGUF loaded next to the model; its weights are added.")
    Path mmproj;

    @Option(
            names = "--params",
            paramLabel = "N",
            converter = Counts.Decimal.class,
            description = "Manual: parameter count (7e9, 7B, 7000000000).")
    Long params;

    @Option(names = "--layers", paramLabel = "N", description = "Manual: decoder layers.")
    Integer layers;

    @Option(names = "--hidden", paramLabel = "N", description = "Manual: hidden size.")
    Long hidden;

    @Option(names = "--heads", paramLabel = "N", description = "Manual: attention heads (default: hidden / head-dim).")
    Integer heads;

    @Option(names = "--kv-heads", paramLabel = "N", description = "Manual: KV heads (default: = heads, no GQA).")
    Integer kvHeads;

    @Option(
            names = "--head-dim",
            paramLabel = "N",
            description = "Manual: head dimension (default: hidden / heads, or 128).")
    Integer headDim;

    @Option(
            names = "--vocab",
            paramLabel = "N",
            converter = Counts.Decimal.class,
            description = "Manual: vocabulary size (default: 32000).")
    Long vocab;

    @Option(
            names = "--intermediate",
            paramLabel = "N",
            converter = Counts.Decimal.class,
            description = "Manual: MLP intermediate size (default: 4 x hidden).")
    Long intermediate;

    @Option(
            names = "--accept-generic",
            description = "Size a model whose config has fields gpufit does not model (experts, recurrent or per-layer"
                    + " shapes of an unsupported model_type) as a plain decoder anyway; every output is marked"
                    + " approximate. Without it such a model is refused (exit 2).")
    boolean acceptGeneric;

    /** Resolves with the user's catalog ($GPUFIT_MODELS or ~/.config/gpufit/models.yaml). */
    public ModelSpec resolve() {
        Map<String, String> env = System.getenv();
        return ModelLookup.resolve(
                request(), () -> ModelReaders.resolver(env, System.getProperty("user.home")), env, CliFields.NAMES);
    }

    /** The options as a request. */
    ModelRequest request() {
        return new ModelRequest(
                model,
                revision,
                hub,
                mmproj,
                new ManualModel(params, layers, hidden, heads, kvHeads, headDim, vocab, intermediate),
                acceptGeneric);
    }

    /** The MODEL reference as typed, or {@code null} for manual numbers. */
    public String reference() {
        return model;
    }
}
