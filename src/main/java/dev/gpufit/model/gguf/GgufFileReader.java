package dev.gpufit.model.gguf;

import dev.gpufit.model.ModelReader;
import dev.gpufit.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** MODEL is a {@code .gguf} file, or any split of a gguf-split set: architecture and exact weights from it. */
public final class GgufFileReader implements ModelReader {
    @Override
    public boolean accepts(String ref) {
        Path p = Path.of(ref);
        return GgufReader.isGguf(p) && Files.isRegularFile(p);
    }

    @Override
    public ModelSpec read(String ref) {
        return GgufReader.read(Path.of(ref));
    }
}
