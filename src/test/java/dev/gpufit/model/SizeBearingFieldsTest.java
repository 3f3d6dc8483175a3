package dev.gpufit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.BadInputException;
import dev.gpufit.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fallback rule on real config.json files of families gpufit does not map yet (copies and
 * their origin in src/test/resources/configs, SOURCES.md): each is refused with its size-bearing
 * fields named, unless accepted as an approximate estimate; a plain decoder under an unknown
 * model_type is still sized.
 */
class SizeBearingFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode config(String family) {
        try (InputStream in = SizeBearingFieldsTest.class.getResourceAsStream("/configs/" + family + "/config.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static ModelSpec map(String family) {
        return HfConfigMapper.map(config(family), family, "config.json", family + "/config.json");
    }

    /** Qwen3-Next: gated DeltaNet layers (linear_*), a layer_types list naming them, and experts. */
    @Test
    void qwen3NextNamesItsLinearAttentionAndExperts() {
        ModelSpec s = map("qwen3-next");
        assertTrue(s.approximate());
        assertTrue(
                s.unmodelledFields()
                        .containsAll(List.of(
                                "layer_types",
                                "linear_conv_kernel_dim",
                                "linear_num_value_heads",
                                "num_experts",
                                "moe_intermediate_size",
                                "shared_expert_intermediate_size")),
                s.unmodelledFields().toString());
    }

    /**
     * LFM2-700M: 10 of its 16 layers are short convolutions (full_attn_idxs lists the 6 attention
     * layers) and its FF width is derived from block_* fields; it has no intermediate_size, so even
     * an accepted generic estimate is impossible, and the refusal names both.
     */
    @Test
    void lfm2NamesItsConvolutionsAttentionIndexesAndFeedForwardRule() {
        BadInputException e = assertThrows(BadInputException.class, () -> map("lfm2"));
        for (String f :
                List.of("conv_L_cache", "conv_dim", "full_attn_idxs", "block_ff_dim", "block_auto_adjust_ff_dim")) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
        assertFalse(e.getMessage().contains("conv_bias"), "a false flag is not a size: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("needs the fields intermediate_size"), e.getMessage());
    }

    /** A Kimi K2.5-shaped checkpoint: MLA ranks and routed experts under a model_type gpufit does not map. */
    @Test
    void kimiNamesItsLatentAttentionAndExperts() {
        List<String> f = map("kimi-k2").unmodelledFields();
        assertTrue(
                f.containsAll(List.of("kv_lora_rank", "q_lora_rank", "n_routed_experts", "n_shared_experts")),
                f.toString());
    }

    /**
     * Mamba-130m: no attention at all (no num_attention_heads), a per-sequence SSM state instead;
     * refused with the state fields named.
     */
    @Test
    void mambaNamesItsStateSpaceFields() {
        BadInputException e = assertThrows(BadInputException.class, () -> map("mamba"));
        for (String f : List.of("conv_kernel", "state_size", "time_step_rank", "use_conv_bias")) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
        assertFalse(e.getMessage().contains("ssm_cfg"), "an empty object is not a size: " + e.getMessage());
    }

    /** OpenELM-270M: heads and FF width per layer, as lists where a number is expected. */
    @Test
    void openElmNamesItsPerLayerLists() {
        BadInputException e = assertThrows(BadInputException.class, () -> map("openelm"));
        assertTrue(
                e.getMessage().contains("ffn_multipliers, num_kv_heads, num_query_heads, qkv_multipliers"),
                e.getMessage());
    }

    @Test
    void theGateRefusesNamingTheFieldsAndAcceptsOnRequest() {
        ModelSpec s = map("qwen3-next");
        BadInputException e = assertThrows(BadInputException.class, () -> GenericEstimateGate.check(s, false));
        assertTrue(e.getMessage().contains("linear_num_value_heads"), e.getMessage());
        assertTrue(e.getMessage().contains("--accept-generic"), e.getMessage());
        assertEquals(s, GenericEstimateGate.check(s, true));
        assertTrue(
                s.notes().stream().anyMatch(n -> n.startsWith("approximate: generic estimate")),
                s.notes().toString());
    }

    /** A llama-shaped decoder under a model_type gpufit does not know: every field is understood. */
    @Test
    void aPlainDecoderWithAnUnknownModelTypeIsStillSized() {
        ModelSpec s = Fixtures.spec("""
                {"model_type": "my_llama", "hidden_size": 256, "intermediate_size": 512, "num_hidden_layers": 4,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 1000, "rope_theta": 10000.0,
                 "eos_token_id": [1, 2], "tie_word_embeddings": false, "torch_dtype": "bfloat16",
                 "num_experts": 0, "sliding_window": null}""");
        assertEquals("generic", s.architecture());
        assertFalse(s.approximate(), s.unmodelledFields().toString());
        assertTrue(
                s.notes().stream().anyMatch(n -> n.startsWith("generic estimate")),
                s.notes().toString());
        assertEquals(s, GenericEstimateGate.check(s, false));
    }

    /** OpenELM-style per-layer lists where a number is expected. */
    @Test
    void listsWhereANumberIsExpectedAreNamed() {
        JsonNode n = JsonFixture.parse(
                "{\"num_query_heads\": [12, 12, 16], \"num_kv_heads\": [3, 3, 4], \"ffn_multipliers\": [0.5, 1.0, 4.0],"
                        + " \"eos_token_id\": [1, 2], \"cross_attention_layers\": [3, 8], \"moe_layers\": []}");
        assertEquals(
                List.of("num_query_heads", "num_kv_heads", "ffn_multipliers", "cross_attention_layers"),
                SizeBearingFields.unmodelled(n, "", "generic"));
    }

    /** A mapped family exempts what it models, but not a layer kind it does not. */
    @Test
    void aMappedFamilyIsHeldToTheSameRuleForWhatItDoesNotModel() {
        JsonNode moe =
                JsonFixture.parse("{\"num_experts\": 8, \"num_experts_per_tok\": 2, \"moe_intermediate_size\": 64,"
                        + " \"shared_expert_intermediate_size\": 128}");
        assertEquals(List.of("shared_expert_intermediate_size"), SizeBearingFields.unmodelled(moe, "", "qwen3_moe"));
        assertEquals(List.of(), SizeBearingFields.unmodelled(moe, "", "qwen2_moe"));
        JsonNode types = JsonFixture.parse("{\"layer_types\": [\"sliding_attention\", \"full_attention\"]}");
        assertEquals(List.of(), SizeBearingFields.unmodelled(types, "", "qwen3"));
        JsonNode linear = JsonFixture.parse("{\"layer_types\": [\"linear_attention\", \"full_attention\"]}");
        assertEquals(List.of("text_config.layer_types"), SizeBearingFields.unmodelled(linear, "text_config.", "qwen3"));
    }

    @Test
    void aMappedQwen3WithLinearLayersIsRefused() {
        ModelSpec s = Fixtures.spec("""
                {"model_type": "qwen3", "hidden_size": 256, "intermediate_size": 512, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 1000, "head_dim": 64,
                 "layer_types": ["linear_attention", "full_attention"]}""");
        assertEquals(List.of("layer_types"), s.unmodelledFields());
        assertThrows(BadInputException.class, () -> GenericEstimateGate.check(s, false));
    }

    /** An unknown type missing the standard fields names its size-bearing fields too (Mamba: no heads). */
    @Test
    void aRefusalForMissingFieldsAlsoNamesTheUnmodelledOnes() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> Fixtures.spec(
                        "{\"model_type\": \"mamba\", \"hidden_size\": 768, \"num_hidden_layers\": 24, \"vocab_size\": 50280,"
                                + " \"state_size\": 16, \"conv_kernel\": 4, \"intermediate_size\": 1536}"));
        assertTrue(e.getMessage().contains("state_size, conv_kernel"), e.getMessage());
    }

    /** Minimal JSON parsing for the inline cases. */
    static final class JsonFixture {
        static JsonNode parse(String s) {
            try {
                return JSON.readTree(s);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
