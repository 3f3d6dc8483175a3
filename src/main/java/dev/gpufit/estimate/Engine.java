package dev.gpufit.estimate;

import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The inference engines gpufit has a memory profile for, in the order {@code --engine}'s messages
 * list them. {@link #spelling()} is how the CLI, the agent and the JSON output write each one.
 */
public enum Engine {
    GENERIC("generic"),
    TRANSFORMERS("transformers"),
    VLLM("vllm"),
    LLAMA_CPP("llama.cpp"),
    OLLAMA("ollama"),
    MLX("mlx");

    private final String spelling;

    Engine(String spelling) {
        this.spelling = spelling;
    }

    /** The name as --engine takes it and the JSON's engine field writes it. */
    public String spelling() {
        return spelling;
    }

    /** The engine spelt {@code name} (any case), or empty. */
    public static Optional<Engine> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.spelling.equals(n)).findFirst();
    }

    /** The engine spelt {@code name}; bad input listing the engines when there is none. */
    public static Engine of(String name) {
        return find(name)
                .orElseThrow(() -> SettingException.of(s -> "unknown " + s.name(Setting.ENGINE) + " '" + name
                        + "'; available: " + String.join(", ", EngineProfiles.names())));
    }

    @Override
    public String toString() {
        return spelling;
    }
}
