package dev.gpufit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.MlaSpec;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.MoeSpec;
import dev.gpufit.model.QuantizationSpec;
import dev.gpufit.model.WeightsInfo;
import java.util.Locale;

/**
 * The {@code gpufit/estimate/v1} JSON object (README.md#json-output). {@code fit} and {@code agent} embed
 * {@link #toNode} as their "estimate". Keys are snake_case; new keys may be added, none renamed.
 */
public final class EstimateJson {
    public static final String SCHEMA = "gpufit/estimate/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EstimateJson() {}

    public static ObjectNode toNode(ModelSpec spec, Workload w, MemoryEstimate e, Surface surface) {
        return toNode(spec, w, e, null, surface);
    }

    /**
     * @param seedTotal the seed formula's total for comparison, or {@code null}
     * @param surface   who reads it: the notes name settings as that surface takes them
     */
    public static ObjectNode toNode(ModelSpec spec, Workload w, MemoryEstimate e, Long seedTotal, Surface surface) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.set("model", model(spec, e));
        approximate(root, spec);
        root.set("workload", workload(spec, w, e));
        ObjectNode mem = root.putObject("memory");
        mem.put("weights_bytes", e.weightsBytes());
        mem.put("activations_bytes", e.activationsBytes());
        mem.put("kv_cache_bytes", e.kvCacheBytes());
        mem.put("overhead_bytes", e.overheadBytes());
        mem.put("total_bytes", e.totalBytes());
        mem.put("host_bytes", e.hostBytes());
        mem.put("device_bytes", e.deviceBytes());
        mem.put("kv_bytes_per_token", e.kvBytesPerToken());
        mem.put("per_device", e.tensorParallel() > 1);
        if (seedTotal != null) {
            mem.put("seed_total_bytes", seedTotal);
        }
        ArrayNode notes = root.putArray("notes");
        NoteText.render(e.notes(), surface).forEach(notes::add);
        return root;
    }

    /**
     * Marks a document built from an accepted generic estimate: {@code "approximate": true} and the
     * fields left out. Absent otherwise, so documents of modelled models are unchanged.
     */
    public static void approximate(ObjectNode root, ModelSpec spec) {
        if (spec.approximate()) {
            root.put("approximate", true);
            ArrayNode fields = root.putArray("unmodelled_fields");
            spec.unmodelledFields().forEach(fields::add);
        }
    }

    public static String toJson(ObjectNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ObjectNode model(ModelSpec s, MemoryEstimate e) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", s.id());
        m.put("source", s.source());
        m.put("architecture", s.architecture());
        m.put("parameters", e.parameters());
        m.put("layers", s.layers());
        m.put("hidden_size", s.hiddenSize());
        m.put("attention_heads", s.attentionHeads());
        m.put("kv_heads", s.kvHeads());
        m.put("head_dim", s.headDim());
        m.put("vocab_size", s.vocabSize());
        m.put("intermediate_size", s.intermediateSize());
        m.put("tied_embeddings", s.tiedEmbeddings());
        putNullable(m, "max_context", s.maxContext());
        m.put("native_dtype", s.nativeDtype());
        if (s.slidingWindow() != null) {
            m.put("sliding_window", s.slidingWindow());
            m.put("sliding_layers", s.slidingLayers().stream().filter(b -> b).count());
        }
        MoeSpec moe = s.moe();
        if (moe != null) {
            ObjectNode o = m.putObject("moe");
            o.put("experts", moe.experts());
            o.put("active_experts", moe.activeExperts());
            o.put("shared_experts", moe.sharedExperts());
            o.put("expert_intermediate_size", moe.expertIntermediateSize());
        }
        MlaSpec mla = s.mla();
        if (mla != null) {
            ObjectNode o = m.putObject("mla");
            putNullable(
                    o,
                    "q_lora_rank",
                    mla.qLoraRank() == null ? null : mla.qLoraRank().longValue());
            o.put("kv_lora_rank", mla.kvLoraRank());
            o.put("qk_nope_head_dim", mla.qkNopeHeadDim());
            o.put("qk_rope_head_dim", mla.qkRopeHeadDim());
            o.put("v_head_dim", mla.vHeadDim());
        }
        QuantizationSpec q = s.quantization();
        if (q != null) {
            ObjectNode o = m.putObject("quantization");
            o.put("method", q.method());
            putNullable(o, "bits", q.bits() == null ? null : q.bits().longValue());
            putNullable(
                    o,
                    "group_size",
                    q.groupSize() == null ? null : q.groupSize().longValue());
            o.put("name", q.name());
        }
        WeightsInfo wi = s.weights();
        if (wi != null) {
            // what was read from the files: bytes on the device and parameters are different facts
            ObjectNode o = m.putObject("weights_from_files");
            o.put("format", wi.format());
            o.put("bytes", wi.bytes());
            putNullable(o, "parameters", wi.parameters());
            putNullable(o, "token_embedding_bytes", wi.tokenEmbeddingBytes());
            ObjectNode byDtype = o.putObject("bytes_by_dtype");
            new java.util.TreeMap<>(wi.bytesByDtype()).forEach(byDtype::put);
            ArrayNode files = o.putArray("files");
            wi.files().forEach(files::add);
        }
        if (!s.hfRepoIds().isEmpty()) {
            ArrayNode hf = m.putArray("hf_repo_ids");
            s.hfRepoIds().forEach(hf::add);
        }
        return m;
    }

    private static ObjectNode workload(ModelSpec s, Workload w, MemoryEstimate e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("batch", w.batch());
        o.put("context", e.context());
        o.put("weight_dtype", e.weightDtype());
        o.put("kv_dtype", e.kvDtype());
        o.put("engine", w.engine().spelling());
        o.put("method", w.method().name().toLowerCase(Locale.ROOT));
        o.put("platform", w.platform().name().toLowerCase(Locale.ROOT));
        o.put("tensor_parallel", w.tensorParallel());
        if (!w.engineOptions().isEmpty()) {
            ObjectNode opts = o.putObject("engine_options");
            w.engineOptions().given().forEach(opts::put);
        }
        return o;
    }

    private static void putNullable(ObjectNode o, String key, Long v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
