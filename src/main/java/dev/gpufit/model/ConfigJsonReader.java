package dev.gpufit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * MODEL is a path to a HuggingFace config.json (any {@code *.json} file). Reads the file and hands
 * the JSON to {@link HfConfigMapper}; every error names the file.
 */
public final class ConfigJsonReader implements ModelReader {
    /**
     * The mapper, made on first use: ModelReaders makes this reader for every command, and an
     * ObjectMapper costs some 30 ms of start-up, wasted when MODEL is a catalog id.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    /** Refuse absurd files before reading them into memory: real configs are a few KiB. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    @Override
    public boolean accepts(String ref) {
        Path p = Path.of(ref);
        return ref.toLowerCase(Locale.ROOT).endsWith(".json") && Files.isRegularFile(p);
    }

    @Override
    public ModelSpec read(String ref) {
        return readFile(Path.of(ref), ref);
    }

    /** Reads {@code file} as a config.json for the model the user named {@code id}. */
    public static ModelSpec readFile(Path file, String id) {
        return HfConfigMapper.map(parse(file), id, "config.json", file.toString());
    }

    /** The parsed JSON of a config file, or a one-line error naming it. */
    public static JsonNode parse(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BadInputException(file + ": larger than 16 MiB, not a config.json");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(bytes, file.toString());
    }

    /**
     * The parsed JSON of config bytes read from {@code where} (a file, a URL), or a one-line error
     * naming it: too large, empty, or malformed with the line and column.
     */
    public static JsonNode parse(byte[] bytes, String where) {
        if (bytes.length > MAX_BYTES) {
            throw new BadInputException(where + ": larger than 16 MiB, not a config.json");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new BadInputException(where + ": empty file, expected config.json fields");
            }
            return node;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new BadInputException(where + ": malformed JSON" + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
