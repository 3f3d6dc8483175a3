package dev.gpufit.report;

import dev.gpufit.note.Change;
import dev.gpufit.note.Setting;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where an answer is read, and so how it names the settings its notes and advice suggest: the
 * command line's flags ({@code --context 12288}) or the agent's HTTP query parameters
 * ({@code context=12288}, as {@code /v1/fit} takes them). Every setting's spelling on every
 * surface is here and nowhere else.
 */
public enum Surface {
    CLI,
    HTTP;

    /** The setting's name on this surface: {@code --kv-dtype} or {@code kv_dtype}. */
    public String name(Setting s) {
        return this == CLI ? flag(s) : parameter(s);
    }

    /** One setting with its value: {@code --tp 4} or {@code tp=4}; the name alone when there is no value. */
    public String spell(Change c) {
        if (c.value() == null) {
            return name(c.setting());
        }
        return name(c.setting()) + (this == CLI ? " " : "=") + c.value();
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

    private static String flag(Setting s) {
        return switch (s) {
            case CONTEXT -> "--context";
            case BATCH -> "--batch";
            case DTYPE -> "--dtype";
            case KV_DTYPE -> "--kv-dtype";
            case ENGINE -> "--engine";
            case TP -> "--tp";
            case DEVICE -> "--device";
            case BUDGET -> "--budget";
            case METHOD -> "--method";
            case GPU_LAYERS -> "--gpu-layers";
            case GPU_MEMORY_UTILIZATION -> "--gpu-memory-utilization";
        };
    }

    /**
     * The query parameters of {@code /v1/fit} (agent {@code FitQuery}). Method and the engine
     * settings have none there (the agent answers with the detailed method and the engines'
     * defaults); they are spelled in the same snake case ({@code gpu_layers}, and vLLM's own
     * {@code gpu_memory_utilization}).
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
            case METHOD -> "method";
            case GPU_LAYERS -> "gpu_layers";
            case GPU_MEMORY_UTILIZATION -> "gpu_memory_utilization";
        };
    }
}
