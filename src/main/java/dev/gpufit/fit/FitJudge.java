package dev.gpufit.fit;

import dev.gpufit.Bytes;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.catalog.CatalogDevice;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineOption;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.Workload;
import dev.gpufit.estimate.engine.VllmSettings;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Change;
import dev.gpufit.note.Note;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure judgement: the model's per-device need against each device's budget, and what would
 * change the answer. Reads no environment; devices and the estimate function are inputs.
 */
public final class FitJudge {
    /** Headroom under this fraction of the device total makes a fit "tight". */
    static final double TIGHT_FRACTION = 0.05;
    /** Headroom under this many bytes makes a fit "tight". */
    static final long TIGHT_BYTES = Bytes.GIB;
    /** The tight threshold as a percentage, for messages: "5 %". */
    public static String tightPercent() {
        return java.math.BigDecimal.valueOf(TIGHT_FRACTION * 100)
                        .stripTrailingZeros()
                        .toPlainString() + " %";
    }

    /** The tight threshold in bytes, for messages: "1 GiB". */
    public static String tightSize() {
        return java.math.BigDecimal.valueOf(TIGHT_BYTES)
                        .divide(java.math.BigDecimal.valueOf(Bytes.GIB))
                        .stripTrailingZeros()
                        .toPlainString()
                + " GiB";
    }

    /** The most devices {@code fit} considers when it says how many would be needed. */
    static final int MAX_DEVICES_SUGGESTED = 64;

    private final EstimateFunction estimator;

    public FitJudge(EstimateFunction estimator) {
        this.estimator = estimator;
    }

    public FitResult judge(ModelSpec spec, Workload workload, List<Device> selected, Budget budget) {
        int tp = workload.tensorParallel();
        List<Device> judged = group(selected, tp);
        MemoryEstimate estimate = estimator.estimate(spec, workload);
        List<DeviceFit> fits = new ArrayList<>();
        boolean vllm = EngineProfiles.of(workload.engine()).sizesKvToBudget();
        for (Device d : judged) {
            fits.add(judgeWithProcessExits(d, budget, spec, workload, estimate));
        }
        Placement placement = Placement.of(workload, fits);
        Verdict overall = placement.verdict();

        List<Note> notes = new ArrayList<>();
        // A plain note on every surface: only the command line can pin devices (fit --pick), and
        // the table's launch line and docs/fit.md say so.
        notes.add(Note.text(
                tp > 1
                        ? "split across the first " + tp
                                + " selected devices (tensor parallel): each must fit its share"
                        : placement.rule() == Placement.Rule.FIRST_DEVICES
                                ? "the engine runs on the first selected device, as it sees them: the answer is that"
                                        + " device's"
                                : "the model must fit on one device; the answer is yes when any selected device fits"));
        notes.add(budgetNote(judged, budget));
        notes.add(Note.text(
                "tight = fits with headroom under " + tightPercent() + " of the device or under " + tightSize()));
        if (vllm) {
            notes.add(Note.text(
                    "vLLM: needed = gpu_memory_utilization x total (CUDA's total, less reserved) + CUDA graphs + CUDA context;"
                            + " the KV cache is what that budget leaves after weights, activations and non-torch memory, and must hold"
                            + " one request of max_model_len"));
        }

        List<Note> advice = List.of();
        if (overall == Verdict.DOES_NOT_FIT) {
            Device ref = placement.rule() == Placement.Rule.FIRST_DEVICES && tp <= 1
                    ? judged.get(0)
                    : reference(judged, budget, tp);
            advice = advise(spec, workload, ref, fits.get(judged.indexOf(ref)), budget, selected.size());
        }
        List<Note> warnings = new ArrayList<>();
        if (tp > 1 && judged.stream().map(Device::name).distinct().count() > 1) {
            warnings.add(Note.text("the tensor-parallel group mixes devices ("
                    + String.join(
                            ", ", judged.stream().map(Device::name).distinct().toList())
                    + "): every device runs at the pace of the slowest, and each is judged on its own share"));
        }
        if (spec.maxContext() != null && estimate.context() > spec.maxContext()) {
            warnings.add(new Note.ContextBeyondTraining(estimate.context(), spec.maxContext(), vllm));
        }
        return new FitResult(workload, estimate, fits, overall, advice, notes, warnings);
    }

    /**
     * Verdicts only: the devices {@link #judge} would judge (the tensor-parallel group under --tp),
     * each against one estimate (vLLM's rules under --engine vllm). No advice searches, notes or
     * warnings: for callers that read nothing but the per-device verdicts (fleet, watches).
     */
    public List<DeviceFit> judgeDevices(ModelSpec spec, Workload workload, List<Device> devices, Budget budget) {
        List<Device> judged = group(devices, workload.tensorParallel());
        MemoryEstimate estimate = estimator.estimate(spec, workload);
        List<DeviceFit> fits = new ArrayList<>();
        for (Device d : judged) {
            fits.add(judgeWithProcessExits(d, budget, spec, workload, estimate));
        }
        return fits;
    }

    /**
     * Every device judged on its own against the per-device need (a tensor-parallel share under
     * --tp), without grouping: what {@code --pick} chooses from.
     */
    public List<DeviceFit> judgeEach(ModelSpec spec, Workload workload, List<Device> devices, Budget budget) {
        MemoryEstimate estimate = estimator.estimate(spec, workload);
        List<DeviceFit> fits = new ArrayList<>();
        for (Device d : devices) {
            fits.add(judgeOne(d, DeviceBudget.of(d, budget), spec, workload, estimate));
        }
        return fits;
    }

    /** How the budget was taken, worded by the devices judged (catalog devices are assumed empty). */
    static Note budgetNote(List<Device> judged, Budget budget) {
        long catalog = judged.stream().filter(FitJudge::fromCatalog).count();
        return new Note.BudgetTaken(judged.size(), (int) catalog, budget == Budget.TOTAL);
    }

    static boolean fromCatalog(Device d) {
        return DeviceCatalog.catalogIdOf(d) != null;
    }

    /** {@link #judgeOne}, and for a device that does not fit, which of its processes would have to exit. */
    static DeviceFit judgeWithProcessExits(Device d, Budget budget, ModelSpec spec, Workload w, MemoryEstimate e) {
        DeviceFit f = judgeOne(d, DeviceBudget.of(d, budget), spec, w, e);
        if (f.verdict().fits()) {
            return f;
        }
        ProcessRelief exits =
                ProcessRelief.find(d, budget, freed -> judgeOne(freed, DeviceBudget.of(freed, budget), spec, w, e));
        return exits == null ? f : f.withProcessExits(exits);
    }

    /** One device under one workload: vLLM's rules under --engine vllm, else need against budget. */
    static DeviceFit judgeOne(Device d, DeviceBudget budget, ModelSpec spec, Workload w, MemoryEstimate e) {
        return EngineProfiles.of(w.engine()).sizesKvToBudget()
                ? VllmFit.judge(d, budget, spec, w, e)
                : judgeDevice(d, budget, e.deviceBytes());
    }

    static DeviceFit judgeDevice(Device d, DeviceBudget budget, long needed) {
        long headroom = budget.bytes() - needed;
        if (headroom < 0) {
            return new DeviceFit(
                    d,
                    budget.bytes(),
                    needed,
                    headroom,
                    Verdict.DOES_NOT_FIT,
                    "short by " + Bytes.human(-headroom) + " (" + Bytes.grouped(-headroom) + " bytes)",
                    budget.source());
        }
        double fraction = d.totalBytes() > 0 ? headroom / (double) d.totalBytes() : 0;
        if (headroom < TIGHT_BYTES) {
            return new DeviceFit(
                    d,
                    budget.bytes(),
                    needed,
                    headroom,
                    Verdict.TIGHT,
                    "tight: headroom " + Bytes.human(headroom) + " is under " + tightSize(),
                    budget.source());
        }
        if (fraction < TIGHT_FRACTION) {
            return new DeviceFit(
                    d,
                    budget.bytes(),
                    needed,
                    headroom,
                    Verdict.TIGHT,
                    String.format(
                            java.util.Locale.ROOT,
                            "tight: headroom %s is %.1f %% of the device, under %s",
                            Bytes.human(headroom),
                            fraction * 100,
                            tightPercent()),
                    budget.source());
        }
        return new DeviceFit(
                d,
                budget.bytes(),
                needed,
                headroom,
                Verdict.FITS,
                "headroom " + Bytes.human(headroom),
                budget.source());
    }

    /** The device the advice is computed for: the roomiest one alone, or the tightest of a split. */
    static Device reference(List<Device> judged, Budget budget, int tp) {
        Comparator<Device> bySize =
                Comparator.comparingLong(d -> DeviceBudget.of(d, budget).bytes());
        return tp > 1
                ? judged.stream().min(bySize).orElseThrow()
                : judged.stream().max(bySize).orElseThrow();
    }

    /**
     * vLLM: the largest --gpu-memory-utilization (2 decimals, rounded down) whose budget, CUDA graphs
     * and context fit the free memory and still hold one max_model_len request. Lowering it only
     * shrinks the KV cache, so once the KV cache falls short no smaller value helps.
     */
    private static Note utilizationAdvice(Search search, Workload w, DeviceFit refFit, DeviceBudget refBudget) {
        double current = VllmSettings.of(w, search.context(w)).gpuMemoryUtilization();
        for (int pct = (int) Math.floor(current * 100 + 1e-9); pct >= 1; pct--) {
            double u = pct / 100.0;
            DeviceFit f = search.judge(w.withEngineOption(
                    EngineOption.GPU_MEMORY_UTILIZATION, String.format(java.util.Locale.ROOT, "%.2f", u)));
            if (f.verdict().fits()) {
                return new Note.VllmUtilization(
                        refBudget.bytes(),
                        refFit.capacity().budgetBytes(),
                        u,
                        f.capacity().reason());
            }
            if (f.capacity() != null && !f.capacity().fits()) {
                break;
            }
        }
        return new Note.VllmNoUtilization(refBudget.bytes(), refFit.capacity().budgetBytes(), search.context(w));
    }

    /** llama.cpp/Ollama: how many layers fit on the device, the rest in host RAM (they split layers, not tensors). */
    private Note gpuLayersAdvice(Search search, ModelSpec spec, Workload w) {
        int ngl = search.largestGpuLayers(w);
        if (ngl < 0) {
            return new Note.NoGpuLayers();
        }
        MemoryEstimate e = estimator.estimate(spec, Search.withGpuLayers(w, ngl));
        return new Note.GpuLayers(ngl, spec.layers(), e.deviceBytes(), e.hostBytes());
    }

    /**
     * The devices a workload of tensor parallel {@code tp} runs on: the first tp selected (all of
     * them without tp), refused when too few are selected or the group cannot be spanned.
     */
    static List<Device> group(List<Device> selected, int tp) {
        if (tp > 1 && selected.size() < tp) {
            int n = selected.size();
            throw SettingException.of(s -> s.spell(Setting.TP, tp) + " needs " + tp + " devices, but " + n
                    + " selected; use " + s.spell(Setting.DEVICE, DeviceCatalog.PREFIX + "NAME:" + tp)
                    + " to plan for devices that are not here");
        }
        List<Device> group = tp > 1 ? selected.subList(0, tp) : selected;
        checkGroup(group, tp);
        return group;
    }

    /** A tensor-parallel group must be one CUDA can span: no MIG instance (NCCL cannot reach across them). */
    static void checkGroup(List<Device> group, int tp) {
        if (tp <= 1) {
            return;
        }
        for (Device d : group) {
            if (d.kind() == DeviceKind.MIG) {
                throw SettingException.of(s -> s.spell(Setting.TP, tp) + " would put MIG instance " + d.id() + " ("
                        + d.name()
                        + ") in a tensor-parallel group: CUDA cannot span MIG instances (no peer access or NCCL between"
                        + " them); select whole GPUs with " + s.name(Setting.DEVICE)
                        + ", or judge the instance alone");
            }
        }
    }

    /** Whether a tensor-parallel split is a suggestion that can be run on devices like this one. */
    static boolean splittable(Device d) {
        return d.kind() == DeviceKind.DISCRETE;
    }

    /**
     * Splitting across n devices like ref: here when enough are selected, else planned as catalog
     * devices (ref's own catalog entry, or the one like the device here), with the model and the
     * settings asked so that the advice is a complete command.
     */
    static Note splitAcross(
            ModelSpec spec,
            Workload w,
            Budget budget,
            Device ref,
            int n,
            int selectedHere,
            boolean tightest,
            long eachBytes) {
        String own = DeviceCatalog.catalogIdOf(ref);
        String id = own != null || n <= selectedHere
                ? own
                : DeviceCatalog.load().like(ref).map(CatalogDevice::id).orElse(null);
        return new Note.SplitAcross(
                n, tightest, selectedHere, ref.name(), id, own != null, spec.id(), asked(w, budget), eachBytes);
    }

    /** The settings of a question that differ from gpufit's defaults, to repeat in a suggested command. */
    static List<Change> asked(Workload w, Budget budget) {
        List<Change> asked = new ArrayList<>();
        if (w.context() != null) {
            asked.add(Change.of(Setting.CONTEXT, w.context()));
        }
        if (w.batch() != 1) {
            asked.add(Change.of(Setting.BATCH, w.batch()));
        }
        if (w.weightDtype() != null) {
            asked.add(Change.of(Setting.DTYPE, w.weightDtype()));
        }
        if (w.kvDtype() != null) {
            asked.add(Change.of(Setting.KV_DTYPE, w.kvDtype()));
        }
        if (w.engine() != Engine.GENERIC) {
            asked.add(Change.of(Setting.ENGINE, w.engine().spelling()));
        }
        if (budget == Budget.TOTAL) {
            asked.add(Change.of(Setting.BUDGET, "total"));
        }
        return asked;
    }

    /** @param refFit the judgement {@link #judge} already made of {@code ref} under {@code w} */
    private List<Note> advise(
            ModelSpec spec, Workload w, Device ref, DeviceFit refFit, Budget budget, int selectedHere) {
        DeviceBudget refBudget = DeviceBudget.of(ref, budget);
        if (refBudget.bytes() <= 0) {
            return List.of(Note.text(
                    ref.name() + " offers no memory (" + refBudget.source() + "): nothing to size advice against"));
        }
        Search search = new Search(estimator, spec, ref, refBudget);
        List<Note> advice = new ArrayList<>();
        if (refFit.capacity() != null && !refFit.capacity().startsWith(refBudget.bytes())) {
            // vLLM refuses to start on too little free memory: a shorter context or more devices do
            // not change that (its budget is a share of the total); a smaller share does
            advice.add(utilizationAdvice(search, w, refFit, refBudget));
            return advice;
        }
        long ctx = search.context(w);
        long best = search.largestContext(w);
        if (best > 0) {
            advice.add(new Note.LargestContext(w.batch(), best));
        } else {
            advice.add(Note.text("no context fits at batch " + w.batch() + " with these weights"));
        }
        String dtype = search.largestDtypeThatFits(w);
        if (dtype != null) {
            advice.add(new Note.SmallerWeights(ctx, dtype));
        }
        if (EngineProfiles.of(w.engine()).splitsLayers()) {
            advice.add(gpuLayersAdvice(search, spec, w));
            return advice;
        }
        if (!splittable(ref)) {
            return advice; // unified memory and host RAM are one pool; a MIG instance cannot join a split
        }
        int n = search.devicesNeeded(w, MAX_DEVICES_SUGGESTED);
        if (n > 0) {
            MemoryEstimate each = estimator.estimate(spec, w.withTensorParallel(n));
            advice.add(splitAcross(spec, w, budget, ref, n, selectedHere, w.tensorParallel() > 1, each.deviceBytes()));
        } else if (search.splits(w, MAX_DEVICES_SUGGESTED)) {
            advice.add(Note.text("even " + MAX_DEVICES_SUGGESTED + " such devices are not enough at this workload"));
        }
        return advice;
    }
}
