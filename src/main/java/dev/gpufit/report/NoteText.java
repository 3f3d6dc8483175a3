package dev.gpufit.report;

import dev.gpufit.Bytes;
import dev.gpufit.note.Note;
import dev.gpufit.note.Setting;
import java.util.List;

/**
 * The wording of every {@link Note}, with its settings spelled for one {@link Surface}. The
 * command line's text is the one gpufit has always printed; the agent's differs only in how it
 * names settings.
 */
public final class NoteText {
    private NoteText() {}

    public static List<String> render(List<Note> notes, Surface s) {
        return notes.stream().map(n -> render(n, s)).toList();
    }

    public static String render(Note note, Surface s) {
        if (note instanceof Note.Text n) {
            return n.text();
        }
        String set = s.spell(note.changes());
        if (note instanceof Note.ContextDefaulted n) {
            return "no " + set + " given: using " + n.tokens() + " tokens (gpufit's default " + n.gpufitDefault()
                    + (n.modelMax() != null ? ", capped at the model's maximum " + n.modelMax() : "") + ")";
        }
        if (note instanceof Note.ContextAboveModel n) {
            return set + " exceeds the model's maximum of " + n.modelMax() + " tokens";
        }
        if (note instanceof Note.ContextBeyondTraining n) {
            return set + " exceeds the model's maximum of " + n.modelMax()
                    + " tokens: the model was not trained for positions beyond it, so output past that point is unreliable"
                    + (n.vllm()
                            ? "; vLLM refuses such a max_model_len unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 is set"
                            : "");
        }
        if (note instanceof Note.KvDtypeAt16Bits n) {
            return "no " + set + " given: KV cache at 16 bits (" + n.kvDtype() + ")";
        }
        if (note instanceof Note.KvDtypeFp32 n) {
            return "no " + set + " given: KV cache in fp32, the dtype the model computes in (" + n.engine()
                    + " stores K and V as the attention layers produce them)";
        }
        if (note instanceof Note.NotUsedBySeed n) {
            return notUsedBySeed(n, s);
        }
        if (note instanceof Note.WeightsRederived) {
            return set + " given: weights re-derived from the parameter count, not the files";
        }
        if (note instanceof Note.Fp32CheckpointAt16Bits n) {
            return "vLLM " + s.spell(n.changes().get(0))
                    + " loads this fp32 checkpoint at 16 bits (bf16 where the GPU supports it,"
                    + " else fp16): 2 bytes per weight, not the files' 4; "
                    + s.spell(n.changes().get(1))
                    + " keeps fp32";
        }
        if (note instanceof Note.AllGpusSelected) {
            return "all visible GPUs selected (host RAM is judged only with " + set + ")";
        }
        if (note instanceof Note.BudgetTaken n) {
            return budgetTaken(n, set);
        }
        if (note instanceof Note.PlannedForRoomiest n) {
            return n.selected() + " devices selected: planned for the roomiest single one (" + n.device() + "); add "
                    + set + " to plan a tensor-parallel split across them";
        }
        return advice(note, s, set);
    }

    private static String advice(Note note, Surface s, String set) {
        if (note instanceof Note.LargestContext n) {
            return "largest context that fits at batch " + n.batch() + ": " + n.tokens() + " tokens (" + set + ")";
        }
        if (note instanceof Note.SmallerWeights n) {
            return "a quantization that fits at context " + n.context() + ": " + set;
        }
        if (note instanceof Note.GpuLayers n) {
            return "partial offload: " + set + " of " + n.layers() + " layers fits (" + Bytes.human(n.deviceBytes())
                    + " on the device, " + Bytes.human(n.hostBytes()) + " in host RAM)";
        }
        if (note instanceof Note.NoGpuLayers) {
            return "even " + set + " (every layer in host RAM) does not fit: the buffers the device keeps exceed it";
        }
        if (note instanceof Note.VllmUtilization n) {
            return "vLLM would refuse to start: " + Bytes.human(n.freeBytes())
                    + " free is below gpu_memory_utilization x total = " + Bytes.human(n.vllmBudgetBytes()) + "; "
                    + set + " fits the free memory (" + n.capacity() + ")";
        }
        if (note instanceof Note.VllmNoUtilization n) {
            return "vLLM would refuse to start: " + Bytes.human(n.freeBytes())
                    + " free is below gpu_memory_utilization x total = " + Bytes.human(n.vllmBudgetBytes())
                    + ", and no "
                    + set + " small enough for the free memory leaves a KV cache for one request of " + n.context()
                    + " tokens; free memory on the device first";
        }
        if (note instanceof Note.SplitAcross n) {
            String command = n.here() ? set : s.command(n.model(), n.changes());
            String how = n.here() || n.inCatalog()
                    ? command
                    : n.devices() + " devices like " + n.deviceName() + ", " + n.selectedHere() + " selected here; "
                            + (n.catalogId() != null
                                    ? "plan them as the catalog's " + n.catalogId() + ": " + command
                                    : "no catalog device is like it; plan them with "
                                            + (s == Surface.CLI
                                                    ? "one that gpufit catalog devices lists"
                                                    : "a catalog device")
                                            + " in place of " + Note.SplitAcross.ANY_CATALOG_ID + ": " + command);
            return "split across " + n.devices() + " devices like " + (n.tightest() ? "the tightest" : "the roomiest")
                    + " one selected (" + how + "): " + Bytes.human(n.eachBytes()) + " each";
        }
        throw new IllegalStateException("no wording for " + note);
    }

    /** Where the names of catalog devices are listed: a command of the CLI, which HTTP answers do not point to. */
    private static String catalogHint(Surface s) {
        return s == Surface.CLI ? CATALOG_HINT : "";
    }

    static final String CATALOG_HINT = " (gpufit catalog devices lists NAME)";

    /** A catalog device to name in place of NAME: the CLI points to its listing command, HTTP does not. */
    static final String CLI_ANY_CATALOG_DEVICE = "one that gpufit catalog devices lists";

    static final String HTTP_ANY_CATALOG_DEVICE = "a catalog device";

    private static String notUsedBySeed(Note.NotUsedBySeed n, Surface s) {
        String given = s.spell(n.changes().get(0));
        if (n.setting() == Setting.TP) {
            return given + " not used: the seed formula does not split a model; the figures"
                    + " are the whole model on one device";
        }
        String detailed = s.spell(n.changes().get(1));
        if (n.setting() == Setting.KV_DTYPE) {
            return given + " not used: the seed formula sizes the KV cache at the weights' t (" + detailed
                    + " applies it)";
        }
        return given + (n.withEngineOptions() ? " and its options" : "")
                + " not used: the seed formula models no engine (" + detailed + " applies it)";
    }

    private static String budgetTaken(Note.BudgetTaken n, String set) {
        if (n.fromCatalog() == n.judged()) {
            return "budget: the catalog's total memory of each device, assumed empty (nothing else running on it)";
        }
        String here = n.total()
                ? "the whole device less driver-reserved memory (" + set + ")"
                : "memory free now (other processes' use counts against the model)";
        return "budget: " + here + (n.fromCatalog() > 0 ? "; catalog devices: their total, assumed empty" : "");
    }
}
