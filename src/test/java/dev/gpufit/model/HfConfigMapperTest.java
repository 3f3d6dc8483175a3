package dev.gpufit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class HfConfigMapperTest {
    private static final String SMALL = """
            {"model_type": "llama", "hidden_size": 256, "intermediate_size": 512, "num_hidden_layers": 4,
             "num_attention_heads": 4, "vocab_size": 1000 %s}
            """;

    private static ModelSpec small(String extra) {
        return Fixtures.spec(SMALL.formatted(extra));
    }

    @Test
    void gemma3TextConfigTakesClassDefaults() {
        ModelSpec s = Fixtures.spec(Fixtures.GEMMA_3_27B);
        assertEquals("gemma3", s.architecture());
        assertEquals(262_208, s.vocabSize()); // absent from text_config: Gemma3TextConfig default
        assertEquals(131_072L, s.maxContext());
        assertEquals(128, s.headDim());
        assertTrue(s.tiedEmbeddings());
        assertTrue(s.qkNorm());
        assertEquals("bf16", s.nativeDtype()); // torch_dtype at the root
        // pattern 6: global at i = 5, 11, ..., 59 -> 10 global, 52 sliding with window 1024
        assertEquals(1024, s.slidingWindow());
        assertEquals(52, s.slidingLayers().stream().filter(b -> b).count());
        assertFalse(s.isSlidingLayer(5));
        assertTrue(s.isSlidingLayer(4));
        assertTrue(
                s.notes().stream().anyMatch(n -> n.contains("vocab_size=262208")),
                s.notes().toString());
    }

    /**
     * Command R7B's config.json (model_type cohere2): every 4th layer attends globally, as
     * transformers' {@code src/transformers/models/cohere2/configuration_cohere2.py} builds
     * layer_types from sliding_window_pattern (default 4) and llama.cpp's {@code src/llama-model.cpp}
     * sets set_swa_pattern(4) for LLM_ARCH_COHERE2. Before, every layer was read as sliding.
     */
    @Test
    void cohere2SlidesThreeLayersInFour() {
        String config = """
                {"model_type": "cohere2", "hidden_size": 4096, "intermediate_size": 14336,
                 "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
                 "vocab_size": 256000, "max_position_embeddings": 8192, "sliding_window": 4096 %s}
                """;
        for (String extra : List.of(", \"sliding_window_pattern\": 4", "")) {
            ModelSpec s = Fixtures.spec(config.formatted(extra));
            assertEquals(4096, s.slidingWindow());
            assertEquals(24, s.slidingLayers().stream().filter(b -> b).count(), extra);
            assertTrue(s.isSlidingLayer(0));
            assertTrue(s.isSlidingLayer(2));
            assertFalse(s.isSlidingLayer(3));
            assertFalse(s.isSlidingLayer(31));
        }
        // an explicit pattern in the file wins over the class default
        ModelSpec two = Fixtures.spec(config.formatted(", \"sliding_window_pattern\": 2"));
        assertEquals(16, two.slidingLayers().stream().filter(b -> b).count());
    }

    @Test
    void kvHeadsAbsentMeansMha() {
        assertEquals(4, small("").kvHeads());
        assertEquals(2, small(", \"num_key_value_heads\": 2").kvHeads());
        // n_head_kv comes before num_key_value_heads (vLLM's precedence)
        assertEquals(1, small(", \"n_head_kv\": 1, \"num_key_value_heads\": 2").kvHeads());
    }

    @Test
    void headDimPrecedence() {
        assertEquals(64, small("").headDim());
        assertEquals(128, small(", \"head_dim\": 128").headDim());
        assertEquals(64, small(", \"head_dim\": 0").headDim()); // 0 counts as absent
        assertEquals(32, small(", \"hidden_size_per_head\": 32").headDim());
    }

    @Test
    void maxContextIsTheMinimumOfPresentKeys() {
        assertEquals(
                2048L,
                small(", \"max_position_embeddings\": 4096, \"seq_length\": 2048")
                        .maxContext());
        assertNull(small("").maxContext());
    }

    @Test
    void dtypeWinsOverTorchDtype() {
        assertEquals(
                "bf16",
                small(", \"dtype\": \"bfloat16\", \"torch_dtype\": \"float16\"").nativeDtype());
        assertEquals("fp16", small(", \"torch_dtype\": \"float16\"").nativeDtype());
        assertEquals("fp32", small("").nativeDtype());
    }

    @Test
    void qwen2SlidingWindowOnlyAboveMaxWindowLayers() {
        ModelSpec s = Fixtures.spec(
                Fixtures.QWEN25_05B.replace("\"use_sliding_window\": false", "\"use_sliding_window\": true"));
        assertEquals(32768, s.slidingWindow());
        assertFalse(s.isSlidingLayer(20));
        assertTrue(s.isSlidingLayer(21));
        assertEquals(3, s.slidingLayers().stream().filter(b -> b).count());
    }

    @Test
    void layerTypesWinOverThePattern() {
        String json = Fixtures.GEMMA_2_9B.replace(
                "\"sliding_window\": 4096,",
                "\"sliding_window\": 4096, \"layer_types\": [" + "\"full_attention\",".repeat(41)
                        + "\"sliding_attention\"],");
        ModelSpec s = Fixtures.spec(json);
        assertEquals(1, s.slidingLayers().stream().filter(b -> b).count());
        assertTrue(s.isSlidingLayer(41));
    }

    @Test
    void layerTypesOfWrongLengthIsAnError() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> small(", \"sliding_window\": 16, \"layer_types\": [\"full_attention\"]"));
        assertTrue(e.getMessage().contains("layer_types"), e.getMessage());
    }

    @Test
    void quantizationConfigIsRead() {
        ModelSpec gptq =
                small(", \"quantization_config\": {\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": 128}");
        assertEquals(new QuantizationSpec("gptq", 4, 128, "gptq 4-bit g128", List.of()), gptq.quantization());
        ModelSpec ds = Fixtures.spec(Fixtures.DEEPSEEK_V3);
        assertEquals("fp8", ds.quantization().method());
        assertEquals(16384, ds.quantization().groupSize());
        ModelSpec ct = small(", \"quantization_config\": {\"quant_method\": \"compressed_tensors\", \"config_groups\":"
                + " {\"group_0\": {\"weights\": {\"num_bits\": 4, \"type\": \"int\", \"group_size\": 128}}}}");
        assertEquals("compressed-tensors", ct.quantization().method());
        assertEquals(4, ct.quantization().bits());
    }

    @Test
    void deepSeekMlaAndMoe() {
        ModelSpec s = Fixtures.spec(Fixtures.DEEPSEEK_V3);
        assertEquals(new MlaSpec(1536, 512, 128, 64, 128), s.mla());
        assertEquals(256, s.moe().experts());
        assertEquals(3, s.moe().firstDenseLayers());
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("multi-token-prediction")));
    }

    @Test
    void unknownModelTypeWithStandardFieldsIsALabelledGenericEstimate() {
        ModelSpec s = Fixtures.spec(SMALL.formatted("").replace("\"llama\"", "\"olmo2\""));
        assertEquals("generic", s.architecture());
        assertTrue(s.notes().get(0).contains("'olmo2'"), s.notes().toString());
    }

    @Test
    void unknownModelTypeWithoutFieldsNamesTheType() {
        BadInputException e = assertThrows(
                BadInputException.class, () -> Fixtures.spec("{\"model_type\": \"rwkv\", \"hidden_size\": 2048}"));
        assertTrue(e.getMessage().contains("'rwkv'") && e.getMessage().contains("num_hidden_layers"), e.getMessage());
    }

    @Test
    void notAnObject() {
        assertThrows(BadInputException.class, () -> Fixtures.spec("[1, 2]"));
    }

    @Test
    void fractionalOrNegativeNumbersAreRejected() {
        assertThrows(
                BadInputException.class,
                () -> Fixtures.spec(
                        SMALL.formatted("").replace("\"num_hidden_layers\": 4", "\"num_hidden_layers\": 4.5")));
        assertThrows(
                BadInputException.class,
                () -> Fixtures.spec(SMALL.formatted("").replace("\"vocab_size\": 1000", "\"vocab_size\": -1")));
        assertEquals(
                4,
                Fixtures.spec(SMALL.formatted("").replace("\"num_hidden_layers\": 4", "\"num_hidden_layers\": 4.0"))
                        .layers());
    }

    @Test
    void falconLegacyAndGpt2Specifics() {
        ModelSpec falcon = Fixtures.spec(Fixtures.FALCON_7B_LEGACY);
        assertEquals("falcon", falcon.architecture());
        assertEquals(1, falcon.kvHeads()); // multi-query
        assertEquals(2, falcon.normVectorsPerLayer()); // one LayerNorm, weight + bias
        ModelSpec gpt2 = Fixtures.spec(Fixtures.GPT2);
        assertEquals(3072, gpt2.intermediateSize()); // n_inner null -> 4 x n_embd
        assertEquals(1024L, gpt2.maxContext());
        assertTrue(gpt2.tiedEmbeddings());
    }

    @Test
    void aHugeLayerCountIsRefusedBeforeAnythingIsSizedPerLayer() {
        // used to build per-layer lists of two billion entries: OutOfMemoryError with a stack trace
        String huge = SMALL.formatted(", \"sliding_window\": 4096")
                .replace("\"num_hidden_layers\": 4", "\"num_hidden_layers\": 2000000000");
        BadInputException e = assertThrows(BadInputException.class, () -> Fixtures.spec(huge));
        assertTrue(e.getMessage().endsWith("num_hidden_layers 2000000000 is outside 1..4096"), e.getMessage());
        String gpt2 =
                "{\"model_type\": \"gpt2\", \"n_embd\": 64, \"n_layer\": 5000, \"n_head\": 4, \"vocab_size\": 10}";
        BadInputException g = assertThrows(BadInputException.class, () -> Fixtures.spec(gpt2));
        assertTrue(g.getMessage().endsWith("n_layer 5000 is outside 1..4096"), g.getMessage());
    }

    @Test
    void aHeadDimThatRoundsToZeroIsRefused() {
        // hidden 2 over 4 heads: head_dim 0, which made the KV cache 0 bytes
        String tiny = SMALL.formatted("").replace("\"hidden_size\": 256", "\"hidden_size\": 2");
        BadInputException e = assertThrows(BadInputException.class, () -> Fixtures.spec(tiny));
        assertTrue(e.getMessage().contains("head_dim (head dimension) is missing or 0"), e.getMessage());
    }

    @Test
    void kvHeadsMustDivideTheHeadsNamingTheFields() {
        BadInputException e = assertThrows(BadInputException.class, () -> small(", \"num_key_value_heads\": 3"));
        assertTrue(
                e.getMessage().contains("num_key_value_heads 3 KV heads do not divide num_attention_heads 4"),
                e.getMessage());
    }

    @Test
    void gptqAndAwqBitsAndGroupSizeMustBeOnesTheKernelsPack() {
        // bits 0 used to be accepted, sizing the quantized weights at 0 bytes
        BadInputException zero = assertThrows(
                BadInputException.class,
                () -> small(
                        ", \"quantization_config\": {\"quant_method\": \"gptq\", \"bits\": 0, \"group_size\": 128}"));
        assertEquals(
                "fixture config.json: field 'quantization_config.bits' must be 2, 3, 4 or 8 for gptq, got 0",
                zero.getMessage());
        BadInputException awq = assertThrows(
                BadInputException.class,
                () -> small(", \"quantization_config\": {\"quant_method\": \"awq\", \"w_bit\": 5}"));
        assertTrue(
                awq.getMessage().contains("'quantization_config.w_bit' must be 2, 3, 4 or 8 for awq"),
                awq.getMessage());
        BadInputException group = assertThrows(
                BadInputException.class,
                () -> small(", \"quantization_config\": {\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": 0}"));
        assertTrue(
                group.getMessage().contains("'quantization_config.group_size' must be a positive whole number, or -1"),
                group.getMessage());

        QuantizationSpec perChannel = small(
                        ", \"quantization_config\": {\"quant_method\": \"gptq\", \"bits\": 8, \"group_size\": -1}")
                .quantization();
        assertEquals(8, perChannel.bits());
        assertNull(perChannel.groupSize());
        assertEquals(
                128,
                small(", \"quantization_config\": {\"quant_method\": \"awq\", \"bits\": 4}")
                        .quantization()
                        .groupSize());
    }
}
