package dev.gpufit.cli;

import picocli.CommandLine.Option;

/** Options every subcommand takes: output format and error detail. */
public final class CommonOptions {
    public enum Format {
        table,
        json,
        csv
    }

    @Option(
            names = "--format",
            defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public Format format = Format.table;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error (for bug reports).")
    public boolean stacktrace;
}
