package dev.gpufit.model.safetensors;

import dev.gpufit.model.ModelFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads the safetensors weights of a model on disk: a directory (sharded through
 * {@code model.safetensors.index.json}, or a single {@code model.safetensors}), an index file,
 * or one {@code .safetensors} file.
 */
public final class SafetensorsReader {
    public static final String INDEX = "model.safetensors.index.json";
    public static final String SINGLE = "model.safetensors";

    private SafetensorsReader() {}

    public static SafetensorsCheckpoint read(Path path) {
        return read(path, null);
    }

    /**
     * @param path     a model directory, an index json, or a .safetensors file
     * @param bitsHint quantized bits per weight from config.json, {@code null} when not quantized or unknown
     */
    public static SafetensorsCheckpoint read(Path path, Integer bitsHint) {
        if (Files.isDirectory(path)) {
            Path index = path.resolve(INDEX);
            if (Files.isRegularFile(index)) {
                return readIndexed(index, bitsHint);
            }
            Path single = path.resolve(SINGLE);
            if (Files.isRegularFile(single)) {
                return SafetensorsCheckpoint.of(List.of(SafetensorsFileReader.read(single)), bitsHint);
            }
            return readOnlyFileIn(path, bitsHint);
        }
        if (path.getFileName() != null && path.getFileName().toString().endsWith(".index.json")) {
            return readIndexed(path, bitsHint);
        }
        return SafetensorsCheckpoint.of(List.of(SafetensorsFileReader.read(path)), bitsHint);
    }

    /** True when {@code dir} holds safetensors weights this reader can read. */
    public static boolean hasWeights(Path dir) {
        if (Files.isRegularFile(dir.resolve(INDEX)) || Files.isRegularFile(dir.resolve(SINGLE))) {
            return true;
        }
        return !listWith(dir, ".safetensors").isEmpty()
                || !listWith(dir, ".safetensors.index.json").isEmpty();
    }

    private static SafetensorsCheckpoint readIndexed(Path indexPath, Integer bitsHint) {
        SafetensorsIndex index;
        String name = indexPath.toString();
        try (InputStream in = Files.newInputStream(indexPath)) {
            if (Files.size(indexPath) > SafetensorsIndexParser.MAX_INDEX_BYTES) {
                throw new ModelFileException(
                        name, "index is larger than " + SafetensorsIndexParser.MAX_INDEX_BYTES + " bytes");
            }
            index = SafetensorsIndexParser.parse(name, in);
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read: " + e.getMessage(), e);
        }
        Path dir = indexPath.toAbsolutePath().getParent();
        Map<String, SafetensorsHeader> shards = new LinkedHashMap<>();
        for (String shard : index.shardFiles()) {
            Path file = dir.resolve(shard);
            if (!Files.isRegularFile(file)) {
                throw new ModelFileException(
                        name, "names shard " + shard + ", which is missing (incomplete download?)");
            }
            shards.put(shard, SafetensorsFileReader.read(file));
        }
        return SafetensorsCheckpoint.ofShards(name, index, shards, bitsHint);
    }

    /** A directory without the standard names: one index or one .safetensors file, else ambiguous. */
    private static SafetensorsCheckpoint readOnlyFileIn(Path dir, Integer bitsHint) {
        List<Path> indexes = listWith(dir, ".safetensors.index.json");
        if (indexes.size() == 1) {
            return readIndexed(indexes.get(0), bitsHint);
        }
        List<Path> files = listWith(dir, ".safetensors");
        if (indexes.isEmpty() && files.size() == 1) {
            return SafetensorsCheckpoint.of(List.of(SafetensorsFileReader.read(files.get(0))), bitsHint);
        }
        if (indexes.isEmpty() && files.isEmpty()) {
            throw new ModelFileException(dir.toString(), "no .safetensors files here");
        }
        throw new ModelFileException(
                dir.toString(),
                "several safetensors files or indexes and no " + INDEX + "; point gpufit at the one to use");
    }

    private static List<Path> listWith(Path dir, String suffix) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds =
                Files.newDirectoryStream(dir, p -> p.getFileName().toString().endsWith(suffix))) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new ModelFileException(dir.toString(), "cannot list: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }
}
