package dev.gpufit.report;

import dev.gpufit.Bytes;
import dev.gpufit.device.Device;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.engine.VllmCapacity;
import dev.gpufit.fit.DeviceFit;
import dev.gpufit.fit.FitResult;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The human answer of {@code gpufit fit}: one line per device with a bar, then the verdict and
 * advice on stdout; the fit's warnings on stderr ({@link WarningLines}).
 */
public final class FitTableRenderer {
    private static final int BAR = 30;

    /** What the verdict line says when the model was sized by an accepted generic estimate. */
    public static final String APPROXIMATE = "approximate: generic estimate";

    private FitTableRenderer() {}

    /** @param approximate the model was accepted as a generic estimate with unmodelled fields */
    public static void render(String modelLabel, boolean approximate, FitResult r, PrintWriter out, PrintWriter err) {
        MemoryEstimate e = r.estimate();
        String terms = String.format(
                Locale.ROOT,
                "weights %s, KV cache %s, activations %s, overhead %s",
                Bytes.gibText(e.weightsBytes()),
                Bytes.gibText(e.kvCacheBytes()),
                Bytes.gibText(e.activationsBytes()),
                Bytes.gibText(e.overheadBytes()));
        boolean vllm = r.devices().stream().anyMatch(f -> f.capacity() != null);
        if (vllm) {
            // vLLM takes its share of the device whatever the model needs: say both, apart
            out.printf(
                    Locale.ROOT,
                    "%s: the model needs %s per device (%s)%n",
                    modelLabel,
                    Bytes.gibText(e.deviceBytes()),
                    terms);
            long first = r.devices().get(0).neededBytes();
            boolean same = r.devices().stream().allMatch(f -> f.neededBytes() == first);
            out.printf(
                    Locale.ROOT,
                    "  vLLM takes %s: gpu_memory_utilization x total + CUDA graphs + CUDA context;"
                            + " its KV cache fills what the model leaves%n",
                    same ? Bytes.gibText(first) + " per device" : "per device what NEEDED says");
        } else if (e.hostBytes() > 0) {
            out.printf(Locale.ROOT, "%s: needs %s in all (%s)%n", modelLabel, Bytes.gibText(e.totalBytes()), terms);
            out.printf(
                    Locale.ROOT,
                    "  of which %s on each device and %s in host RAM, where the engine keeps it%n",
                    Bytes.gibText(e.deviceBytes()),
                    Bytes.gibText(e.hostBytes()));
        } else {
            out.printf(
                    Locale.ROOT, "%s: needs %s per device (%s)%n", modelLabel, Bytes.gibText(e.deviceBytes()), terms);
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "%-5s %-34s %11s %11s %12s  %-32s %s%n",
                "IDX",
                "DEVICE",
                "BUDGET",
                "NEEDED",
                "HEADROOM",
                "MEMORY",
                "VERDICT");
        boolean kvShort = false;
        boolean outsideBudgetShown = false;
        for (DeviceFit f : r.devices()) {
            Device d = f.device();
            // # is what other processes use; where that is unknown (a catalog device is assumed
            // empty, or no free memory was reported), what lies outside the budget
            Long used = DeviceCatalog.catalogIdOf(d) == null ? d.usedBytes() : null;
            long others = used != null ? used : Math.max(0, d.totalBytes() - f.budgetBytes());
            outsideBudgetShown |= used == null && others > 0;
            // vLLM: memory to spare, yet it would not start (KV cache short of one request, or
            // max_model_len above the model's): mark the row, not just the reason
            boolean refused = f.capacity() != null && !f.verdict().fits() && f.headroomBytes() >= 0;
            kvShort |= refused;
            out.printf(
                    Locale.ROOT,
                    "%-5s %-34s %11s %11s %12s  %-32s %s%n",
                    d.index(),
                    truncate(d.name(), 34),
                    Bytes.gibText(f.budgetBytes()),
                    Bytes.gibText(f.neededBytes()),
                    Bytes.gibText(f.headroomBytes()) + (refused ? "*" : ""),
                    MemoryBar.render(d.totalBytes(), others, f.neededBytes(), f.budgetBytes(), BAR),
                    f.verdict().jsonName() + (!refused ? "" : f.capacity().fits() ? " (vLLM refuses)" : " (KV short)"));
        }
        out.println();
        for (DeviceFit f : r.devices()) {
            out.printf(
                    Locale.ROOT,
                    "  [%d] %s: %s (budget: %s)%n",
                    f.device().index(),
                    f.verdict().jsonName(),
                    withoutVerdict(f.reason(), f.verdict().jsonName()),
                    f.budgetSource());
            if (f.capacity() instanceof VllmCapacity v) {
                out.print("      " + VllmCapacityReport.summary(v));
            }
        }
        out.println();
        out.println(
                "launch: " + r.placement().describe(String.valueOf(r.workload().engine())));
        out.println(verdictLine(r, approximate));
        for (String a : NoteText.render(r.advice(), Surface.CLI)) {
            out.println("  try: " + a);
        }
        out.flush();
        WarningLines.print(NoteText.render(r.warnings(), Surface.CLI), err);
        out.println();
        out.println("GiB = 2^30 bytes. " + MemoryBar.LEGEND);
        if (outsideBudgetShown) {
            out.println(MemoryBar.OUTSIDE_BUDGET_NOTE);
        }
        if (kvShort) {
            out.println("*: the memory is there, but vLLM would not start: its KV cache cannot hold one request of"
                    + " max_model_len (KV short), or it refuses the max_model_len; see the reason");
        }
        for (String n : NoteText.render(r.notes(), Surface.CLI)) {
            out.println("note: " + n);
        }
        for (String n : NoteText.render(r.estimate().notes(), Surface.CLI)) {
            out.println("note: " + n);
        }
        out.flush();
    }

    /** "verdict: FITS", the one line {@code fit --quiet} prints. */
    public static String verdictLine(FitResult r, boolean approximate) {
        return "verdict: " + r.verdict().jsonName().toUpperCase(Locale.ROOT).replace('_', ' ')
                + (r.workload().tensorParallel() > 1
                        ? " (tensor parallel across " + r.workload().tensorParallel() + " devices)"
                        : "")
                + (approximate ? " (" + APPROXIMATE + ")" : "");
    }

    /** The reason without a leading "tight: " when the line already starts with the verdict. */
    static String withoutVerdict(String reason, String verdict) {
        String prefix = verdict + ": ";
        return reason != null && reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }

    static String truncate(String s, int n) {
        if (s == null) {
            return "";
        }
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
