package dev.gpufit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchParserTest {
    @Test
    void picksTheEngineFromTheCommand() {
        assertEquals(
                EngineKind.VLLM,
                LaunchParser.parse(List.of("/usr/bin/vllm", "serve", "m"), Map.of())
                        .engine());
        assertEquals(
                EngineKind.LLAMA_SERVER,
                LaunchParser.parse(List.of("./build/bin/llama-server", "-m", "x.gguf"), Map.of())
                        .engine());
        assertEquals(
                EngineKind.LLAMA_CLI,
                LaunchParser.parse(List.of("llama-cli", "-m", "x.gguf"), Map.of())
                        .engine());
        assertEquals(
                EngineKind.VLLM,
                LaunchParser.parse(
                                List.of("python3.12", "-m", "vllm.entrypoints.openai.api_server", "--model", "m"),
                                Map.of())
                        .engine());
    }

    @Test
    void otherCommandsAreOneLineErrors() {
        assertTrue(assertThrows(
                        BadInputException.class, () -> LaunchParser.parse(List.of("ollama", "run", "x"), Map.of()))
                .getMessage()
                .contains("got 'ollama run x'"));
        assertTrue(assertThrows(BadInputException.class, () -> LaunchParser.parse(List.of("vllm", "bench"), Map.of()))
                .getMessage()
                .contains("'vllm bench'"));
        assertThrows(BadInputException.class, () -> LaunchParser.parse(List.of(), Map.of()));
    }

    @Test
    void vllmIgnoresLlamaVariables() {
        // vLLM flags have no environment defaults; LLAMA_ARG_* belongs to llama.cpp
        Launch l = LaunchParser.parse(List.of("vllm", "serve", "m"), Map.of("LLAMA_ARG_CTX_SIZE", "4096"));
        assertEquals(null, l.perSequenceContext());
    }
}
