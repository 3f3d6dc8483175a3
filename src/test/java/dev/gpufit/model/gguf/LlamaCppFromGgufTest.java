package dev.gpufit.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llama.cpp profile over a GGUF read by the files reader: exact weights, token_embd in host RAM. */
class LlamaCppFromGgufTest {
    @TempDir
    Path dir;

    @Test
    void ggufWeightsAreExactAndTheEmbeddingStaysOnTheHost() throws Exception {
        Path file = GgufFixtures.llama3Q4KM(3).writeSparse(dir.resolve("Meta-Llama-3-8B-Instruct-Q4_K_M.gguf"));
        ModelSpec spec = GgufReader.read(file);
        Workload w = new Workload(
                1,
                512L,
                null,
                null,
                Engine.LLAMA_CPP,
                Method.DETAILED,
                Platform.LINUX,
                1,
                Map.of("flash-attn", "off", "n-batch", "512"));
        MemoryEstimate e = MemoryEstimator.estimate(spec, w);
        assertEquals(spec.weights().bytes(), e.weightsBytes());
        long embd = spec.weights().tokenEmbeddingBytes();
        // engine-logs A01: CPU buffer 281.81 MiB is token_embd; host compute 9.01 MiB; output 0.49 MiB
        assertEquals(295_501_824L, embd);
        assertEquals(embd + 4L * 512 * (4096 + 512 + 5) + 128_256L * 4, e.hostBytes());
        assertEquals(258.5 * (1 << 20) + 4L * 512 * (4096 + 512 + 5) + 128_256L * 4, e.activationsBytes(), 1.0);
    }
}
