package dev.gpufit.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.launch.LaunchParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an engine command line becomes gpufit's model request: {@code -hf} from the HF cache. */
class LaunchQuestionTest {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path home;

    Path snapshot(String repoDir) throws IOException {
        Path repo = home.resolve(".cache/huggingface/hub").resolve(repoDir);
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), COMMIT);
        return Files.createDirectories(repo.resolve("snapshots").resolve(COMMIT));
    }

    ModelRequest model(String... argv) {
        Map<String, String> env = Map.of("HOME", home.toString());
        return LaunchQuestion.model(LaunchParser.parse(List.of(argv), env), env);
    }

    @Test
    void hfRepoPicksTheFileOfTheQuantizationTag() throws IOException {
        Path snap = snapshot("models--bartowski--Qwen2.5-7B-Instruct-GGUF");
        Files.writeString(snap.resolve("Qwen2.5-7B-Instruct-Q8_0.gguf"), "");
        Files.writeString(snap.resolve("Qwen2.5-7B-Instruct-Q4_K_M.gguf"), "");
        Files.writeString(snap.resolve("mmproj-Qwen2.5-7B-Instruct-Q8_0.gguf"), "");

        assertEquals(
                snap.resolve("Qwen2.5-7B-Instruct-Q8_0.gguf").toString(),
                model("llama-server", "-hf", "bartowski/Qwen2.5-7B-Instruct-GGUF:q8_0")
                        .reference());
        // no tag: llama.cpp's default, Q4_K_M
        assertEquals(
                snap.resolve("Qwen2.5-7B-Instruct-Q4_K_M.gguf").toString(),
                model("llama-server", "-hf", "bartowski/Qwen2.5-7B-Instruct-GGUF")
                        .reference());
        // -hff names the file
        assertEquals(
                snap.resolve("Qwen2.5-7B-Instruct-Q8_0.gguf").toString(),
                model(
                                "llama-server",
                                "-hf",
                                "bartowski/Qwen2.5-7B-Instruct-GGUF",
                                "-hff",
                                "Qwen2.5-7B-Instruct-Q8_0.gguf")
                        .reference());
    }

    @Test
    void aRepoOrTagNotInTheCacheIsBadInput() throws IOException {
        snapshot("models--org--M-GGUF");
        BadInputException tag =
                assertThrows(BadInputException.class, () -> model("llama-server", "-hf", "org/M-GGUF:IQ2_XS"));
        assertTrue(tag.getMessage().contains("no IQ2_XS .gguf file"), tag.getMessage());
        BadInputException repo = assertThrows(BadInputException.class, () -> model("llama-server", "-hf", "org/Other"));
        assertTrue(repo.getMessage().contains("not in the HF cache"), repo.getMessage());
        BadInputException url =
                assertThrows(BadInputException.class, () -> model("llama-server", "-mu", "https://example.com/m.gguf"));
        assertTrue(url.getMessage().contains("local files and the HF cache only"), url.getMessage());
    }

    @Test
    void vllmModelAndRevisionPassAsGiven() {
        ModelRequest r = model("vllm", "serve", "meta-llama/Llama-3.1-8B", "--revision", "v2");
        assertEquals("meta-llama/Llama-3.1-8B", r.reference());
        assertEquals("v2", r.revision());
    }
}
