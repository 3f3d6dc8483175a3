package dev.gpufit.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a ground-truth file in the engine-logs.jsonl format: the model, its architecture
 * numbers ({@code arch}), the engine settings, and what the engine logged ({@code measured}).
 * Accessors return empty when a field is absent; values stay as the log printed them.
 */
public record GroundTruthCase(String id, JsonNode node) {
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)");

    public String engine() {
        return text("engine").orElse("");
    }

    public String model() {
        return text("model").orElse("");
    }

    /** The engine family from the id prefix (A llama.cpp, B vLLM, C Ollama, D transformers) or the engine text. */
    public String family() {
        String e = engine().toLowerCase(Locale.ROOT);
        if (e.contains("vllm")) {
            return "vllm";
        }
        if (e.contains("transformers")) {
            return "transformers";
        }
        if (e.contains("ollama")) {
            return "ollama";
        }
        if (e.contains("llama")) {
            return "llama.cpp";
        }
        return switch (id.isEmpty() ? ' ' : id.charAt(0)) {
            case 'A' -> "llama.cpp";
            case 'B' -> "vllm";
            case 'C' -> "ollama";
            case 'D' -> "transformers";
            default -> "unknown";
        };
    }

    public Optional<String> text(String key) {
        JsonNode n = node.get(key);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    /** A number, or the leading number of a text such as "0.9 (default; not overridden)". */
    public OptionalDouble number(String key) {
        return number(node.get(key));
    }

    public OptionalDouble arch(String... keys) {
        JsonNode a = node.get("arch");
        if (a == null) {
            return OptionalDouble.empty();
        }
        for (String k : keys) {
            OptionalDouble v = number(a.get(k));
            if (v.isPresent()) {
                return v;
            }
        }
        return OptionalDouble.empty();
    }

    public Optional<String> archText(String key) {
        JsonNode a = node.get("arch");
        JsonNode n = a == null ? null : a.get(key);
        return n == null || !n.isTextual() ? Optional.empty() : Optional.of(n.asText());
    }

    /** The first of the measured keys present (numbers as printed, MiB/GiB per the key's suffix). */
    public OptionalDouble measured(String... keys) {
        JsonNode m = node.get("measured");
        if (m == null) {
            return OptionalDouble.empty();
        }
        for (String k : keys) {
            OptionalDouble v = number(m.get(k));
            if (v.isPresent()) {
                return v;
            }
        }
        return OptionalDouble.empty();
    }

    public JsonNode measuredNode() {
        JsonNode m = node.get("measured");
        return m == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : m;
    }

    public String quote() {
        return text("quote").orElse("");
    }

    static OptionalDouble number(JsonNode n) {
        if (n == null || n.isNull()) {
            return OptionalDouble.empty();
        }
        if (n.isNumber()) {
            return OptionalDouble.of(n.asDouble());
        }
        if (n.isTextual()) {
            Matcher m = LEADING_NUMBER.matcher(n.asText());
            if (m.find()) {
                return OptionalDouble.of(Double.parseDouble(m.group(1)));
            }
        }
        return OptionalDouble.empty();
    }
}
