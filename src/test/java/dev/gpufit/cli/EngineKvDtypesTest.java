package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each engine takes only the KV cache types it has; the generic profile takes every one gpufit sizes. */
class EngineKvDtypesTest {
    private static CliRun estimate(String engine, String kv, String... more) {
        String[] base = {
            "estimate",
            "llama-3.1-8b",
            "--context",
            "4096",
            "--engine",
            engine,
            "--kv-dtype",
            kv,
            "--flash-attn",
            "on",
            "--format",
            "json"
        };
        if (!engine.equals("llama.cpp") && !engine.equals("ollama")) {
            base = new String[] {
                "estimate",
                "llama-3.1-8b",
                "--context",
                "4096",
                "--engine",
                engine,
                "--kv-dtype",
                kv,
                "--format",
                "json"
            };
        }
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliRun.of(all);
    }

    @ParameterizedTest
    @CsvSource({
        "llama.cpp, fp8, 'llama.cpp takes f32, f16, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0, q5_1'",
        "ollama, fp8_e4m3, 'ollama takes f32, f16, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0, q5_1'",
        "vllm, q8_0, 'vllm takes f16, bf16, f32, fp8'",
        "vllm, q4_0, 'vllm takes f16, bf16, f32, fp8'",
        "transformers, q8_0, 'transformers takes f16, bf16, f32 (the dynamic cache in 16 or 32 bits; transformers'' QuantizedCache is not modelled)'",
        "mlx, q4_0, 'mlx takes f16, bf16, f32 (MLX''s quantized KV cache (4 or 8 bits, its own format) is not modelled)'",
    })
    void aKvTypeTheEngineDoesNotHaveIsBadInput(String engine, String kv, String list) {
        CliRun r = estimate(engine, kv);
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--kv-dtype " + kv + " is not a KV cache type of " + engine), r.err());
        assertTrue(r.err().contains(list), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @ParameterizedTest
    @CsvSource({
        "llama.cpp, q8_0",
        "llama.cpp, iq4_nl",
        "ollama, q4_0",
        "vllm, fp8",
        "vllm, fp8_e5m2",
        "vllm, bf16",
        "transformers, bf16",
        "transformers, fp32",
        "mlx, f16",
        "generic, fp8",
        "generic, q4_0"
    })
    void aKvTypeTheEngineHasIsAccepted(String engine, String kv) {
        CliRun r = estimate(engine, kv);
        assertEquals(0, r.code(), r.err());
    }

    @ParameterizedTest
    @CsvSource({"cache-type-k=fp8", "cache-type-v=fp8"})
    void llamaCppCacheTypeOptionsTakeOnlyGgmlTypes(String opt) {
        CliRun r = estimate("llama.cpp", "f16", "--engine-opt", opt);
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("is not a ggml cache type; llama.cpp takes f32, f16"), r.err());
    }
}
