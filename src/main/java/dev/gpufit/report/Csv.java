package dev.gpufit.report;

/** RFC 4180 cells: quoted only when they hold a comma, a quote or a line break. */
public final class Csv {
    private Csv() {}

    public static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** One line of cells, ending in a newline. */
    public static String row(Object... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(cells[i]));
        }
        return b.append('\n').toString();
    }
}
