package dev.gpufit.report;

import dev.gpufit.note.Change;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingNames;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where an answer is read, and so how it names the settings its notes and advice suggest: the
 * command line's flags ({@code --context 12288}) or the agent's HTTP query parameters
 * ({@code context=12288}, as {@code /v1/fit} takes them). The flags are
 * {@link SettingNames#COMMAND_LINE}'s (errors thrown below {@code report} are worded with them).
 */
public enum Surface implements SettingNames {
    CLI,
    HTTP;

    @Override
    public String name(Setting s) {
        return this == CLI ? SettingNames.COMMAND_LINE.name(s) : parameter(s);
    }

    @Override
    public String spell(Change c) {
        if (c.value() == null) {
            return name(c.setting());
        }
        return name(c.setting()) + (this == CLI || !isParameter(c.setting()) ? " " : "=") + c.value();
    }

    @Override
    public boolean commandLine() {
        return this == CLI;
    }

    /** Several settings at once: {@code --device catalog:h100-80gb:4 --tp 4} or {@code device=catalog:h100-80gb:4&tp=4}. */
    public String spell(List<Change> changes) {
        return changes.stream().map(this::spell).collect(Collectors.joining(this == CLI ? " " : "&"));
    }

    /**
     * A complete question with these settings: {@code gpufit fit MODEL --context 8192 --tp 2} on the
     * command line, the query {@code model=MODEL&context=8192&tp=2} of the agent's {@code /v1/fit}.
     */
    public String command(String model, List<Change> changes) {
        String settings = spell(changes);
        if (this == CLI) {
            return "gpufit fit " + shellWord(model) + (settings.isEmpty() ? "" : " " + settings);
        }
        return "model=" + model + (settings.isEmpty() ? "" : "&" + settings);
    }

    /** A word the shell reads back as itself: as is when it is plain, else in single quotes. */
    static String shellWord(String w) {
        return w.matches("[A-Za-z0-9._/:@%+=,-]+") ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    /** Whether {@code /v1/fit} takes the setting as a query parameter. */
    private static boolean isParameter(Setting s) {
        return switch (s) {
            case METHOD, GPU_LAYERS, GPU_MEMORY_UTILIZATION -> false;
            default -> true;
        };
    }

    /**
     * The query parameters of {@code /v1/fit} (agent {@code FitQuery}). Method and the engine
     * settings have none there (the agent answers with the detailed method and the engines'
     * defaults), so an answer never suggests them as parameters: the engine settings are named as
     * the engine's own flags (llama.cpp {@code common/arg.cpp}: {@code -ngl, --n-gpu-layers};
     * vLLM {@code vllm/engine/arg_utils.py}: {@code --gpu-memory-utilization}), which the user
     * gives the engine itself.
     */
    private static String parameter(Setting s) {
        return switch (s) {
            case CONTEXT -> "context";
            case BATCH -> "batch";
            case DTYPE -> "dtype";
            case KV_DTYPE -> "kv_dtype";
            case ENGINE -> "engine";
            case TP -> "tp";
            case DEVICE -> "device";
            case BUDGET -> "budget";
            case METHOD -> "the estimation method";
            case GPU_LAYERS -> "llama.cpp's --n-gpu-layers";
            case GPU_MEMORY_UTILIZATION -> "vLLM's --gpu-memory-utilization";
        };
    }
}
