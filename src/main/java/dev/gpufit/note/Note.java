package dev.gpufit.note;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A note, advice or warning of an estimate, a fit or a plan, as figures without wording: each
 * surface (the CLI, the agent's HTTP answers) words it in {@code report.NoteText}, naming the
 * settings its own way ({@code --context 12288} or {@code context=12288}). A note that names no
 * setting is free {@link Text}; one that tells the user to give or change a setting is a record
 * of its own, and says which in {@link #changes()}.
 */
public sealed interface Note {
    /** The settings this note names, with the values it suggests, in the order its text names them. */
    default List<Change> changes() {
        return List.of();
    }

    static Note text(String text) {
        return new Text(text);
    }

    /** Explanatory text that names no setting: the same on every surface. */
    record Text(String text) implements Note {}

    /** No context was given: the estimate uses {@code tokens} (gpufit's default, capped at the model's maximum). */
    record ContextDefaulted(long tokens, long gpufitDefault, Long modelMax) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.named(Setting.CONTEXT));
        }
    }

    /** The context asked for is above the model's maximum. */
    record ContextAboveModel(long context, long modelMax) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.CONTEXT, context));
        }
    }

    /** Fit's warning for a context above the model's maximum: output past it is unreliable. */
    record ContextBeyondTraining(long context, long modelMax, boolean vllm) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.CONTEXT, context));
        }
    }

    /** No KV dtype was given: the cache is kept at 16 bits, as {@code kvDtype}. */
    record KvDtypeAt16Bits(String kvDtype) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.named(Setting.KV_DTYPE));
        }
    }

    /** No KV dtype was given: the cache is kept in fp32, the dtype an fp32 model computes in. */
    record KvDtypeFp32(String engine) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.named(Setting.KV_DTYPE));
        }
    }

    /**
     * A setting the seed formula has no term for (KV dtype, engine, tensor parallelism).
     *
     * @param withEngineOptions for the engine: engine options were given too
     */
    record NotUsedBySeed(Setting setting, String value, boolean withEngineOptions) implements Note {
        @Override
        public List<Change> changes() {
            return setting == Setting.TP
                    ? List.of(Change.of(setting, value))
                    : List.of(Change.of(setting, value), Change.of(Setting.METHOD, "detailed"));
        }
    }

    /** A weight dtype was given: the weights come from the parameter count, not the files. */
    record WeightsRederived(String dtype) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.DTYPE, dtype));
        }
    }

    /** vLLM's dtype auto loads an fp32 checkpoint at 16 bits; dtype fp32 keeps fp32. */
    record Fp32CheckpointAt16Bits() implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.DTYPE, "auto"), Change.of(Setting.DTYPE, "fp32"));
        }
    }

    /** Device selection "all" took the visible GPUs; host RAM only when the device is host. */
    record AllGpusSelected() implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.DEVICE, "host"));
        }
    }

    /**
     * How the budget was taken.
     *
     * @param judged       devices judged
     * @param fromCatalog  of them, catalog devices (assumed empty)
     * @param total        the whole device was asked for rather than the memory free now
     */
    record BudgetTaken(int judged, int fromCatalog, boolean total) implements Note {
        @Override
        public List<Change> changes() {
            return fromCatalog < judged && total ? List.of(Change.of(Setting.BUDGET, "total")) : List.of();
        }
    }

    /** Plan: several devices were selected without tensor parallelism; it planned for the roomiest. */
    record PlannedForRoomiest(int selected, String device) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.TP, selected));
        }
    }

    /** Advice: the largest context that fits at the workload's batch. */
    record LargestContext(int batch, long tokens) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.CONTEXT, tokens));
        }
    }

    /** Advice: the largest weight format that fits at the workload's context. */
    record SmallerWeights(long context, String dtype) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.DTYPE, dtype));
        }
    }

    /** Advice (llama.cpp, Ollama): {@code gpuLayers} of {@code layers} offloaded fit, the rest in host RAM. */
    record GpuLayers(int gpuLayers, int layers, long deviceBytes, long hostBytes) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.GPU_LAYERS, gpuLayers));
        }
    }

    /** Advice (llama.cpp, Ollama): not even zero layers offloaded fit. */
    record NoGpuLayers() implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.GPU_LAYERS, 0));
        }
    }

    /**
     * Advice (vLLM): free memory is below its share of the total; a smaller share fits.
     *
     * @param freeBytes       the device's free memory
     * @param vllmBudgetBytes gpu_memory_utilization x total
     * @param utilization     the largest share that fits
     * @param capacity        what vLLM's KV cache holds at that share, worded by the engine profile
     */
    record VllmUtilization(long freeBytes, long vllmBudgetBytes, double utilization, String capacity) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.of(Setting.GPU_MEMORY_UTILIZATION, String.format(Locale.ROOT, "%.2f", utilization)));
        }
    }

    /** Advice (vLLM): free memory is below its share of the total, and no smaller share leaves a KV cache. */
    record VllmNoUtilization(long freeBytes, long vllmBudgetBytes, long context) implements Note {
        @Override
        public List<Change> changes() {
            return List.of(Change.named(Setting.GPU_MEMORY_UTILIZATION));
        }
    }

    /**
     * Advice: split the model across {@code devices} devices like the reference one.
     *
     * @param tightest       the reference is the tightest of a tensor-parallel group (else the roomiest)
     * @param selectedHere   devices selected
     * @param deviceName     the reference device's name
     * @param catalogId      the catalog entry that plans for such devices when too few are selected:
     *                       the reference's own, or the entry like it; {@code null} when none is
     * @param inCatalog      the reference device is a catalog device
     * @param model          the model as the user named it, for the complete command
     * @param asked          the settings the user gave, repeated in that command
     * @param eachBytes      what each device then holds
     */
    record SplitAcross(
            int devices,
            boolean tightest,
            int selectedHere,
            String deviceName,
            String catalogId,
            boolean inCatalog,
            String model,
            List<Change> asked,
            long eachBytes)
            implements Note {
        /** The placeholder in the selector when no catalog entry is like the device. */
        public static final String ANY_CATALOG_ID = "NAME";

        public SplitAcross {
            asked = List.copyOf(asked);
        }

        /** Enough devices are selected: the advice is a tensor-parallel degree alone. */
        public boolean here() {
            return devices <= selectedHere;
        }

        /** What the advice changes: tp alone here, else the settings asked, the catalog devices and tp. */
        @Override
        public List<Change> changes() {
            if (here()) {
                return List.of(Change.of(Setting.TP, devices));
            }
            List<Change> all = new ArrayList<>(asked);
            all.add(Change.of(
                    Setting.DEVICE, "catalog:" + (catalogId == null ? ANY_CATALOG_ID : catalogId) + ":" + devices));
            all.add(Change.of(Setting.TP, devices));
            return List.copyOf(all);
        }
    }
}
