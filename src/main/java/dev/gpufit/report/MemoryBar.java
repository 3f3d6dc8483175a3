package dev.gpufit.report;

/**
 * A fixed-width text bar of one device's memory: {@code #} held by others, {@code =} this model,
 * {@code .} the rest, and a trailing {@code !} when the model needs more than the budget.
 */
public final class MemoryBar {
    public static final String LEGEND = "bar: # used by others  = this model  . the rest  ! over budget";
    /** Said under the legend when some bar's {@code #} is the memory outside the budget, not measured use. */
    public static final String OUTSIDE_BUDGET_NOTE = "#: where a device's use is unknown (catalog devices, no free"
            + " memory reported), the part outside the budget instead: driver-reserved memory, on unified memory the OS share";

    private MemoryBar() {}

    /**
     * @param usedByOthers what {@code #} shows
     * @param budget       what the model may take; {@code !} when it needs more
     */
    public static String render(long total, long usedByOthers, long model, long budget, int width) {
        if (total <= 0) {
            return "[" + " ".repeat(width) + "]";
        }
        long used = Math.max(0, Math.min(usedByOthers, total));
        long room = total - used;
        boolean overflow = model > budget;
        long shown = Math.min(model, room);
        int usedCells = cells(used, total, width);
        int modelCells = Math.min(width - usedCells, cells(shown, total, width));
        if (shown > 0 && modelCells == 0 && usedCells < width) {
            modelCells = 1; // a model too small to see still gets one cell
        }
        int freeCells = width - usedCells - modelCells;
        StringBuilder sb = new StringBuilder(width + 3).append('[');
        sb.append("#".repeat(usedCells))
                .append("=".repeat(modelCells))
                .append(".".repeat(freeCells))
                .append(']');
        if (overflow) {
            sb.append('!');
        }
        return sb.toString();
    }

    private static int cells(long part, long total, int width) {
        return (int) Math.round(part / (double) total * width);
    }
}
