package dev.gpufit.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses a ground-truth JSONL file: one case per line, blank lines and '#' comments skipped. */
public final class GroundTruthFile {
    /** The public cases shipped in the jar (a copy of the project's engine-logs.jsonl). */
    public static final String RESOURCE = "/groundtruth/engine-logs.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GroundTruthFile() {}

    public static List<GroundTruthCase> parse(String text, String origin) {
        List<GroundTruthCase> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadInputException(
                        origin + " line " + (i + 1) + ": not JSON (" + e.getOriginalMessage() + ")");
            }
            if (n == null || !n.isObject() || !n.hasNonNull("id")) {
                throw new BadInputException(origin + " line " + (i + 1) + ": a case needs an object with an \"id\"");
            }
            out.add(new GroundTruthCase(n.get("id").asText(), n));
        }
        return out;
    }

    public static List<GroundTruthCase> builtin() {
        try (InputStream in = GroundTruthFile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in engine-logs.jsonl");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
