package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpufit.Fixtures;
import dev.gpufit.model.ModelSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact parameter counts from real config.json files against published/verified totals. */
class ParameterCounterTest {
    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("Llama-2-7B", Fixtures.LLAMA_2_7B, 6_738_415_616L),
                Arguments.of("Llama-3-8B", Fixtures.LLAMA_3_8B, 8_030_261_248L),
                Arguments.of("Mistral-7B-v0.1", Fixtures.MISTRAL_7B_V01, 7_241_732_096L),
                Arguments.of("Qwen2.5-0.5B", Fixtures.QWEN25_05B, 494_032_768L),
                Arguments.of("Qwen3-8B", Fixtures.QWEN3_8B, 8_190_735_360L),
                Arguments.of("Gemma-2-9B", Fixtures.GEMMA_2_9B, 9_241_705_984L),
                Arguments.of("Phi-3-mini-4k", Fixtures.PHI3_MINI_4K, 3_821_079_552L),
                Arguments.of("Mixtral-8x7B", Fixtures.MIXTRAL_8X7B, 46_702_792_704L),
                Arguments.of("Qwen3-30B-A3B", Fixtures.QWEN3_30B_A3B, 30_532_122_624L),
                Arguments.of("DeepSeek-V3 (main model, no MTP)", Fixtures.DEEPSEEK_V3, 671_026_419_200L),
                Arguments.of("gpt-oss-20b", Fixtures.GPT_OSS_20B, 20_914_757_184L),
                Arguments.of("gpt-oss-120b", Fixtures.GPT_OSS_120B, 116_829_156_672L),
                Arguments.of("GPT-2", Fixtures.GPT2, 124_439_808L),
                Arguments.of("Falcon-7B", Fixtures.FALCON_7B, 6_921_720_704L),
                Arguments.of("Falcon-7B (RefinedWebModel legacy fields)", Fixtures.FALCON_7B_LEGACY, 6_921_720_704L),
                // text model only: the published 27,432,406,640 of gemma-3-27b-it includes the SigLIP tower
                Arguments.of("Gemma-3-27B text (text_config + defaults)", Fixtures.GEMMA_3_27B, 27_009_346_304L));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("configs")
    void exactCount(String name, String json, long expected) {
        ModelSpec spec = Fixtures.spec(json);
        assertEquals(expected, ParameterCounter.count(spec).total(), name);
    }
}
