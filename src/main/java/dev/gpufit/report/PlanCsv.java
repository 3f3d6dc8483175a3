package dev.gpufit.report;

import dev.gpufit.fit.PlanResult;

/**
 * {@code gpufit plan --format csv}: one row per grid cell (weight format × context), bytes
 * unrounded. Formats the estimate method cannot size are not in the grid (the plan leaves them
 * out), so every cell has both. The largest context/batch and the notes are in the table and
 * JSON outputs.
 */
public final class PlanCsv {
    public static final String HEADER = "weight_dtype,context,needed_bytes,verdict\n";

    private PlanCsv() {}

    public static String render(PlanResult p) {
        StringBuilder out = new StringBuilder(HEADER);
        for (PlanResult.Row row : p.rows()) {
            for (int i = 0; i < p.contexts().size(); i++) {
                out.append(Csv.row(
                        row.dtype(),
                        p.contexts().get(i),
                        row.neededBytes().get(i),
                        row.verdicts().get(i).jsonName()));
            }
        }
        return out.toString();
    }
}
