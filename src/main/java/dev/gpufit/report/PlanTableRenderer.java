package dev.gpufit.report;

import dev.gpufit.Bytes;
import dev.gpufit.estimate.engine.VllmCapacity;
import dev.gpufit.fit.FitJudge;
import dev.gpufit.fit.PlanResult;
import dev.gpufit.fit.Verdict;
import java.io.PrintWriter;
import java.util.Locale;

/** The grid of {@code gpufit plan}: weight formats down, contexts across, a mark per cell. */
public final class PlanTableRenderer {
    private PlanTableRenderer() {}

    public static void render(String modelLabel, PlanResult p, PrintWriter out) {
        render(modelLabel, false, p, out);
    }

    /** @param approximate the model was accepted as a generic estimate with unmodelled fields */
    public static void render(String modelLabel, boolean approximate, PlanResult p, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%s on %s: budget %s (%s)%n",
                modelLabel,
                p.device().name(),
                Bytes.gibText(p.budget().bytes()),
                p.budget().source());
        String dtype = p.workload().weightDtype() == null
                ? "as stored"
                : p.workload().weightDtype().spelling();
        out.printf(
                Locale.ROOT,
                "largest context at batch %d, weights %s: %s%s%n",
                p.workload().batch(),
                dtype,
                p.largestContext() > 0 ? p.largestContext() + " tokens" : "none fits",
                approximate ? " (" + FitTableRenderer.APPROXIMATE + ")" : "");
        out.printf(
                Locale.ROOT,
                "largest batch at context %d, weights %s: %s%n",
                p.workload().context(),
                dtype,
                p.largestBatch() > 0 ? p.largestBatch() + " sequences" : "none fits");
        out.println();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-8s", "WEIGHTS"));
        for (long c : p.contexts()) {
            head.append(String.format(Locale.ROOT, " %14s", label(c)));
        }
        head.append(String.format(Locale.ROOT, " %14s", "MAX CONTEXT"));
        out.println(head);
        // under vLLM every cell's NEEDED is the same utilization x total: show what the model needs instead
        boolean vllm = VllmCapacity.applies(p.workload());
        for (PlanResult.Row row : p.rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s", row.dtype()));
            for (int i = 0; i < p.contexts().size(); i++) {
                line.append(String.format(
                        Locale.ROOT,
                        " %14s",
                        cell(
                                (vllm ? row.modelBytes() : row.neededBytes()).get(i),
                                row.verdicts().get(i))));
            }
            line.append(String.format(
                    Locale.ROOT, " %14s", row.largestContext() > 0 ? Long.toString(row.largestContext()) : "-"));
            out.println(line);
        }
        out.println();
        if (vllm) {
            out.println(
                    "cell: what the model needs per device (weights, activations, KV for one request of the context,"
                            + " overhead), then vLLM's verdict: ok (fits), ~ (tight), x (does not fit: budget, KV short or above"
                            + " the model's maximum); vLLM itself takes gpu_memory_utilization x total + CUDA graphs + context");
        } else {
            out.println("cell: what is needed per device, then ok (fits), ~ (tight: < " + FitJudge.tightSize()
                    + " or < " + FitJudge.tightPercent() + " headroom), x (does not fit)");
        }
        for (String n : NoteText.render(p.notes(), Surface.CLI)) {
            out.println("note: " + n);
        }
        out.flush();
    }

    static String label(long tokens) {
        if (tokens % 1024 == 0) {
            return (tokens / 1024) + "k";
        }
        return Long.toString(tokens);
    }

    static String cell(Long bytes, Verdict v) {
        String mark = switch (v) {
            case FITS -> "ok";
            case TIGHT -> "~";
            case DOES_NOT_FIT -> "x";
        };
        return Bytes.gibText(bytes) + " " + mark;
    }
}
