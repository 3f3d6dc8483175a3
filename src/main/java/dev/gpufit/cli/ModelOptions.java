package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelResolver;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.ModelSpecValidator;
import dev.gpufit.model.gguf.GgufReader;
import dev.gpufit.model.hf.HfCache;
import dev.gpufit.model.hf.HfCacheReader;
import dev.gpufit.model.hf.HubClient;
import dev.gpufit.model.hf.HubModelReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What model to estimate: the positional MODEL (catalog id, HF repo id, config.json, model
 * directory ...) or manual numbers {@code --params 7e9 --layers 32 --hidden 4096} with optional
 * {@code --heads --kv-heads --head-dim --vocab --intermediate}. Use with {@code @Mixin} and call
 * {@link #resolve()}.
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
        if (isManual()) {
            return resolve(null, Map.of());
        }
        Map<String, String> env = System.getenv();
        return resolve(ModelResolver.fromEnvironment(env, System.getProperty("user.home")), env);
    }

    /**
     * @param env the environment for {@code --hub} (HF_ENDPOINT, HF_TOKEN) and {@code --revision}
     *            (the HF cache location)
     */
    public ModelSpec resolve(ModelResolver resolver, Map<String, String> env) {
        ModelSpec spec = resolveModel(withRepoOptions(resolver, env));
        return mmproj == null ? spec : GgufReader.withProjector(spec, mmproj);
    }

    /** --hub and --revision put a reader for that source first. */
    private ModelResolver withRepoOptions(ModelResolver resolver, Map<String, String> env) {
        if (!hub && revision == null) {
            return resolver;
        }
        if (model == null || !HfCache.isRepoId(model.strip())) {
            throw new BadInputException((hub ? "--hub" : "--revision") + " applies to an HF repo id (org/name), not "
                    + (model == null ? "manual numbers" : "'" + model + "'"));
        }
        if (hub) {
            return resolver.withReaderFirst(new HubModelReader(new HubClient(HubClient.Config.fromEnv(env)), revision));
        }
        HfCache cache = HfCache.fromEnv(env)
                .orElseThrow(() ->
                        new BadInputException("--revision: the HF cache cannot be located (set HF_HOME or HOME)"));
        if (!cache.contains(model.strip())) {
            throw new BadInputException(
                    model + " is not in the HF cache at " + cache.hubDir() + "; add --hub to read it from the Hub");
        }
        return resolver.withReaderFirst(new HfCacheReader(cache, revision));
    }

    private ModelSpec resolveModel(ModelResolver resolver) {
        if (isManual()) {
            if (model != null) {
                throw new BadInputException("give MODEL or manual numbers (--params --layers --hidden), not both");
            }
            return manualSpec();
        }
        if (model == null) {
            throw new BadInputException(
                    "no model given: name MODEL (e.g. llama-3.1-8b) or give --params, --layers and --hidden");
        }
        return resolver.resolve(model, acceptGeneric);
    }

    /** The MODEL reference as typed, or {@code null} for manual numbers. */
    public String reference() {
        return model;
    }

    public boolean isManual() {
        return params != null
                || layers != null
                || hidden != null
                || heads != null
                || kvHeads != null
                || headDim != null
                || vocab != null
                || intermediate != null;
    }

    private static final ModelSpecValidator.FieldNames MANUAL_FIELDS =
            new ModelSpecValidator.FieldNames("--layers", "--hidden", "--heads", "--kv-heads", "--head-dim", "--vocab");

    ModelSpec manualSpec() {
        List<String> missing = new ArrayList<>();
        if (params == null) {
            missing.add("--params");
        }
        if (layers == null) {
            missing.add("--layers");
        }
        if (hidden == null) {
            missing.add("--hidden");
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(
                    "manual numbers need --params, --layers and --hidden; missing " + String.join(", ", missing));
        }
        positive("--layers", layers);
        positive("--hidden", hidden);
        List<String> notes = new ArrayList<>();
        int hd;
        int nh;
        if (headDim != null) {
            positive("--head-dim", headDim);
            hd = headDim;
            nh = heads != null ? positive("--heads", heads) : (int) Math.max(1, hidden / hd);
        } else if (heads != null) {
            nh = positive("--heads", heads);
            if (hidden % nh != 0) {
                // hidden / heads would truncate: head_dim 585 for 4096 / 7, a KV width that no model has
                throw new BadInputException("--heads " + nh + " does not divide --hidden " + hidden
                        + "; give --head-dim when the heads are not hidden / heads wide");
            }
            hd = (int) Math.max(1, hidden / nh);
        } else {
            hd = hidden % 128 == 0 ? 128 : (int) Math.min(hidden, Integer.MAX_VALUE);
            nh = (int) Math.max(1, hidden / hd);
            notes.add("manual: heads not given; assumed head_dim " + hd + " and " + nh + " heads");
        }
        int nkv = kvHeads != null ? positive("--kv-heads", kvHeads) : nh;
        if (kvHeads == null) {
            notes.add("manual: --kv-heads not given; KV heads = attention heads (no GQA), KV width = "
                    + ((long) nkv * hd));
        }
        if (vocab == null) {
            notes.add("manual: --vocab not given; assumed 32000 (affects the logits term only)");
        }
        if (intermediate == null) {
            notes.add("manual: --intermediate not given; assumed 4 x hidden (affects activations only)");
        }
        if (hidden > Integer.MAX_VALUE) {
            // the one range the validator cannot see: ModelSpec's int fields derived from it (head_dim) would wrap
            throw new BadInputException("--hidden " + hidden + " is out of range (at most 2^31 - 1)");
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
        return ModelSpecValidator.validate(spec, "manual numbers", MANUAL_FIELDS);
    }

    private static int positive(String name, long v) {
        if (v <= 0) {
            throw new BadInputException(name + " must be at least 1, got " + v);
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
