package dev.gpufit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.Fixtures;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.KvPrecision;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EstimateJsonTest {
    @Test
    void embeddableNodeForMoeMlaModel() {
        ModelSpec s = Fixtures.spec(Fixtures.DEEPSEEK_V3);
        Workload w = new Workload(
                2, 4096L, null, KvPrecision.of("fp8"), Engine.GENERIC, Method.DETAILED, Platform.LINUX, 8, Map.of());
        MemoryEstimate e = MemoryEstimator.estimate(s, w);
        ObjectNode n = EstimateJson.toNode(s, w, e, Surface.CLI);
        assertEquals("gpufit/estimate/v1", n.get("schema").asText());
        assertEquals(256, n.get("model").get("moe").get("experts").asInt());
        assertEquals(512, n.get("model").get("mla").get("kv_lora_rank").asInt());
        assertEquals("fp8 block 128x128", n.get("workload").get("weight_dtype").asText());
        assertEquals("fp8", n.get("workload").get("kv_dtype").asText());
        assertEquals(61L * 576, n.get("memory").get("kv_bytes_per_token").asLong()); // latent replicated per device
        assertTrue(n.get("memory").get("per_device").asBoolean());
        assertEquals(e.totalBytes(), n.get("memory").get("total_bytes").asLong());
    }

    @Test
    void seedReportsTheDtypeItsTStandsFor() {
        // a GPTQ 4-bit checkpoint stored as fp16: the seed formula takes t = 4, and used to report "fp16"
        ModelSpec gptq = Fixtures.spec(Fixtures.LLAMA_3_8B.replaceFirst(
                "\\{", "{\"quantization_config\": {\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": 128},"));
        Workload w = new Workload(1, 512L, null, null, Engine.GENERIC, Method.SEED, Platform.LINUX, 1, Map.of());
        ObjectNode n = EstimateJson.toNode(gptq, w, MemoryEstimator.estimate(gptq, w), Surface.CLI);
        assertEquals("int4 (t=4)", n.get("workload").get("weight_dtype").asText());
        assertEquals("int4 (t=4)", n.get("workload").get("kv_dtype").asText());
        // manual numbers name no dtype: the formula's t = 16, where the report used to say null
        ModelSpec manual = ModelSpec.builder()
                .id("manual")
                .source("manual")
                .parameters(7_000_000_000L)
                .layers(32)
                .hiddenSize(4096)
                .attentionHeads(32)
                .kvHeads(32)
                .headDim(128)
                .build();
        ObjectNode m = EstimateJson.toNode(manual, w, MemoryEstimator.estimate(manual, w), Surface.CLI);
        assertEquals("fp16 (t=16)", m.get("workload").get("weight_dtype").asText());
        String table = EstimateTable.render(manual, w, MemoryEstimator.estimate(manual, w), null, null);
        assertTrue(table.contains("weights fp16 (t=16), KV fp16 (t=16)"), table);
    }
}
