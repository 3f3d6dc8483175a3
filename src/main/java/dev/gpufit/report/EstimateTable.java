package dev.gpufit.report;

import dev.gpufit.Bytes;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import java.util.List;
import java.util.Locale;

/** The estimate as a text table: each term in bytes and GiB with a bar of its share, then the notes. */
public final class EstimateTable {
    private static final int BAR = 30;

    private EstimateTable() {}

    /**
     * @param seedTotal  the seed formula's total to show beside a detailed estimate, or {@code null}
     * @param seedReason why there is no seed total (shown when {@code seedTotal} is null), or {@code null}
     */
    public static String render(ModelSpec spec, Workload w, MemoryEstimate e, Long seedTotal, String seedReason) {
        StringBuilder out = new StringBuilder();
        boolean seed = w.method() == Method.SEED;
        out.append(String.format(
                Locale.ROOT,
                "Model     %s (%s, %s), %s parameters%n",
                spec.id(),
                spec.source(),
                spec.architecture(),
                Bytes.grouped(e.parameters())));
        out.append(String.format(
                Locale.ROOT,
                "Workload  batch %d, context %d, weights %s, KV %s, engine %s, method %s, platform %s%s%n",
                w.batch(),
                e.context(),
                e.weightDtype(),
                e.kvDtype(),
                w.engine(),
                lower(w.method().name()),
                lower(w.platform().name()),
                w.tensorParallel() > 1 ? ", tp " + w.tensorParallel() + " (figures per device)" : ""));
        out.append('\n');
        out.append(String.format(Locale.ROOT, "%-13s %20s %10s  %s%n", "term", "bytes", "GiB", "share"));
        row(out, "weights", e.weightsBytes(), e.totalBytes());
        row(out, "activations", e.activationsBytes(), e.totalBytes());
        row(out, "kv cache", e.kvCacheBytes(), e.totalBytes());
        row(out, "overhead", e.overheadBytes(), e.totalBytes());
        out.append(String.format(
                Locale.ROOT, "%-13s %20s %10s%n", "total", Bytes.grouped(e.totalBytes()), Bytes.gib(e.totalBytes())));
        if (e.hostBytes() > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-13s %20s %10s%n",
                    "on device",
                    Bytes.grouped(e.deviceBytes()),
                    Bytes.gib(e.deviceBytes())));
        }
        if (!seed) {
            if (seedTotal != null) {
                long diff = e.totalBytes() - seedTotal;
                String cmp = e.tensorParallel() > 1
                        ? "whole model on one device; the figures above are per device"
                        : "detailed is " + (diff >= 0 ? "+" : "") + Bytes.gib(diff) + " GiB";
                out.append(String.format(
                        Locale.ROOT,
                        "%-13s %20s %10s  (M = t(p + 3lbsh)/8 + o; %s)%n",
                        "seed formula",
                        Bytes.grouped(seedTotal),
                        Bytes.gib(seedTotal),
                        cmp));
            } else if (seedReason != null) {
                out.append(
                        String.format(Locale.ROOT, "%-13s %20s %10s  (%s)%n", "seed formula", "n/a", "", seedReason));
            }
        }
        List<String> notes = NoteText.render(e.notes(), Surface.CLI);
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n");
            notes.forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }

    /** One CSV row per term: term,bytes,gib. */
    public static String csv(MemoryEstimate e, Long seedTotal) {
        StringBuilder out = new StringBuilder("term,bytes,gib\n");
        csvRow(out, "weights", e.weightsBytes());
        csvRow(out, "activations", e.activationsBytes());
        csvRow(out, "kv_cache", e.kvCacheBytes());
        csvRow(out, "overhead", e.overheadBytes());
        csvRow(out, "total", e.totalBytes());
        if (seedTotal != null) {
            csvRow(out, "seed_total", seedTotal);
        }
        return out.toString();
    }

    private static void csvRow(StringBuilder out, String term, long bytes) {
        out.append(term)
                .append(',')
                .append(bytes)
                .append(',')
                .append(Bytes.gib(bytes))
                .append('\n');
    }

    private static void row(StringBuilder out, String term, long bytes, long total) {
        double share = total > 0 ? bytes / (double) total : 0;
        int filled = (int) Math.round(share * BAR);
        if (filled == 0 && bytes > 0) {
            filled = 1; // a nonzero term always shows
        }
        String bar = "#".repeat(filled) + ".".repeat(Math.max(0, BAR - filled));
        out.append(String.format(
                Locale.ROOT,
                "%-13s %20s %10s  %s %5.1f%%%n",
                term,
                Bytes.grouped(bytes),
                Bytes.gib(bytes),
                bar,
                share * 100));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
