package dev.gpufit.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MODEL is a directory holding a config.json (a downloaded HF model). Reads the architecture only;
 * a safetensors reader registered before this one adds exact weight bytes from the files.
 */
public final class ModelDirectoryReader implements ModelReader {
    @Override
    public boolean accepts(String ref) {
        Path dir = Path.of(ref);
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("config.json"));
    }

    @Override
    public ModelSpec read(String ref) {
        return ConfigJsonReader.readFile(Path.of(ref).resolve("config.json"), ref);
    }
}
