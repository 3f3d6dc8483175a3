package dev.gpufit.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic sits below the engine profiles and the file formats: estimate names neither
 * estimate.engine nor model.gguf (engines register through a service file), so those packages
 * depend on estimate and never the other way round.
 */
class EstimateLayeringTest {
    private static final Path ESTIMATE = Path.of("src/main/java/dev/gpufit/estimate");

    @Test
    void estimateNamesNoEngineAndNoFileFormat() throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(ESTIMATE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                for (String other : List.of("dev.gpufit.estimate.engine.", "dev.gpufit.model.gguf.")) {
                    if (src.contains(other)) {
                        bad.add(f.getFileName() + " names " + other);
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void everyEngineIsRegisteredInItsOrder() {
        assertEquals(List.of("generic", "transformers", "vllm", "llama.cpp", "ollama", "mlx"), EngineProfiles.names());
    }
}
