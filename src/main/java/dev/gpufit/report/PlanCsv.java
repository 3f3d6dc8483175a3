package dev.gpufit.report;

import dev.gpufit.fit.PlanResult;
import dev.gpufit.fit.Verdict;

/**
 * {@code gpufit plan --format csv}: one row per grid cell (weight format × context), bytes
 * unrounded. Cells a format does not support have empty needed_bytes and verdict. The largest
 * context/batch and the notes are in the table and JSON outputs.
 */
public final class PlanCsv {
    public static final String HEADER = "weight_dtype,context,needed_bytes,verdict\n";

    private PlanCsv() {}

    public static String render(PlanResult p) {
        StringBuilder out = new StringBuilder(HEADER);
        for (PlanResult.Row row : p.rows()) {
            for (int i = 0; i < p.contexts().size(); i++) {
                Long needed = i < row.neededBytes().size() ? row.neededBytes().get(i) : null;
                Verdict v = i < row.verdicts().size() ? row.verdicts().get(i) : null;
                out.append(Csv.row(row.dtype(), p.contexts().get(i), needed, v == null ? null : v.jsonName()));
            }
        }
        return out.toString();
    }
}
