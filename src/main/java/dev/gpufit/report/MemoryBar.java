package dev.gpufit.report;

/**
 * A fixed-width text bar of one device's memory: {@code #} held by others, {@code =} this model,
 * {@code .} left free, and a trailing {@code !} when the model overflows the device.
 */
public final class MemoryBar {
    public static final String LEGEND = "bar: # used by others  = this model  . free  ! over budget";

    private MemoryBar() {}

    public static String render(long total, long usedByOthers, long model, int width) {
        if (total <= 0) {
            return "[" + " ".repeat(width) + "]";
        }
        long used = Math.max(0, Math.min(usedByOthers, total));
        long room = total - used;
        boolean overflow = model > room;
        long shown = Math.min(model, room);
        int usedCells = cells(used, total, width);
        int modelCells = Math.min(width - usedCells, cells(shown, total, width));
        if (shown > 0 && modelCells == 0 && usedCells < width) {
            modelCells = 1; // a model too small to see still gets one cell
        }
        int freeCells = width - usedCells - modelCells;
        StringBuilder sb = new StringBuilder(width + 3).append('[');
        sb.append("#".repeat(usedCells)).append("=".repeat(modelCells)).append(".".repeat(freeCells)).append(']');
        if (overflow) {
            sb.append('!');
        }
        return sb.toString();
    }

    private static int cells(long part, long total, int width) {
        return (int) Math.round(part / (double) total * width);
    }
}
