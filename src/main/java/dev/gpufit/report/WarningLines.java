package dev.gpufit.report;

import java.io.PrintWriter;
import java.util.List;

/**
 * How every command prints a warning: one prefix, always on stderr, so stdout stays the answer
 * a script reads. JSON answers also keep their warnings in their {@code warnings} arrays.
 */
public final class WarningLines {
    public static final String PREFIX = "gpufit: warning: ";

    private WarningLines() {}

    public static String line(String warning) {
        return PREFIX + warning;
    }

    public static void print(List<String> warnings, PrintWriter err) {
        warnings.forEach(w -> err.println(line(w)));
        err.flush();
    }
}
