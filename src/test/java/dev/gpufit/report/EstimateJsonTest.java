package dev.gpufit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.Fixtures;
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
        Workload w = new Workload(2, 4096L, null, "fp8", "generic", Method.DETAILED, Platform.LINUX, 8, Map.of());
        MemoryEstimate e = MemoryEstimator.estimate(s, w);
        ObjectNode n = EstimateJson.toNode(s, w, e);
        assertEquals("gpufit/estimate/v1", n.get("schema").asText());
        assertEquals(256, n.get("model").get("moe").get("experts").asInt());
        assertEquals(512, n.get("model").get("mla").get("kv_lora_rank").asInt());
        assertEquals("fp8 block 128x128", n.get("workload").get("weight_dtype").asText());
        assertEquals("fp8", n.get("workload").get("kv_dtype").asText());
        assertEquals(61L * 576, n.get("memory").get("kv_bytes_per_token").asLong()); // latent replicated per device
        assertTrue(n.get("memory").get("per_device").asBoolean());
        assertEquals(e.totalBytes(), n.get("memory").get("total_bytes").asLong());
    }
}
