package dev.gpufit.report;

import dev.gpufit.validate.CaseResult;
import dev.gpufit.validate.Check;
import java.util.List;
import java.util.Locale;

/**
 * The validation as text: per case, per term, what the engine logged, gpufit's estimate and its
 * error, the seed formula's figure and error, the bound and whether it is met. Bytes in MiB.
 */
public final class ValidationTable {
    private ValidationTable() {}

    public static String render(List<CaseResult> results, String source) {
        StringBuilder out = new StringBuilder();
        out.append("Ground truth: ").append(source).append('\n');
        out.append(
                "Bytes in MiB; error = (estimate - logged) / logged; ok = within the bound, x = outside, - = not bounded\n\n");
        for (CaseResult r : results) {
            out.append(String.format(Locale.ROOT, "%s  %s  %s%n", r.id(), r.profile(), r.model()));
            if (r.excluded() != null) {
                out.append("    excluded: ").append(r.excluded()).append("\n\n");
                continue;
            }
            out.append(String.format(
                    Locale.ROOT,
                    "    %-24s %12s %12s %9s %12s %9s %7s  %s%n",
                    "term",
                    "logged",
                    "gpufit",
                    "error",
                    "seed",
                    "seed err",
                    "bound",
                    "ok"));
            for (Check c : r.checks()) {
                out.append(String.format(
                        Locale.ROOT,
                        "    %-24s %12s %12s %9s %12s %9s %7s  %s%n",
                        c.term(),
                        value(c, c.logged()),
                        value(c, c.estimated()),
                        pct(c.errorPct()),
                        c.seed() == null ? "" : value(c, c.seed()),
                        c.seedErrorPct() == null ? "" : pct(c.seedErrorPct()),
                        c.boundPct() == null ? "" : String.format(Locale.ROOT, "%.1f%%", c.boundPct()),
                        mark(c)));
            }
            for (Check c : r.checks()) {
                if (c.excluded() != null) {
                    out.append("    excluded ")
                            .append(c.term())
                            .append(": ")
                            .append(c.excluded())
                            .append('\n');
                }
                if (c.note() != null) {
                    out.append("    ")
                            .append(c.term())
                            .append(": ")
                            .append(c.note())
                            .append('\n');
                }
            }
            r.notes().forEach(n -> out.append("    - ").append(n).append('\n'));
            out.append('\n');
        }
        Summary s = Summary.of(results);
        out.append(String.format(
                Locale.ROOT,
                "%d cases: %d run, %d excluded; %d bounded checks: %d within, %d outside, %d excluded%n",
                results.size(),
                s.run(),
                s.excludedCases(),
                s.bounded(),
                s.within(),
                s.outside(),
                s.excludedChecks()));
        return out.toString();
    }

    private static String mark(Check c) {
        if (c.excluded() != null) {
            return "excluded";
        }
        Boolean w = c.within();
        return w == null ? "-" : w ? "ok" : "x";
    }

    private static String value(Check c, double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return switch (c.unit()) {
            case "bytes" -> String.format(Locale.ROOT, "%.2f", v / 1048576.0);
            case "tokens" -> String.format(Locale.ROOT, "%,d", (long) v);
            default -> String.format(Locale.ROOT, "%.2fx", v);
        };
    }

    static String pct(double p) {
        if (Double.isNaN(p)) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.2f%%", p);
    }

    /** Counts over the results. */
    public record Summary(int run, int excludedCases, int bounded, int within, int outside, int excludedChecks) {
        public static Summary of(List<CaseResult> results) {
            int run = 0;
            int exCases = 0;
            int bounded = 0;
            int within = 0;
            int outside = 0;
            int exChecks = 0;
            for (CaseResult r : results) {
                if (r.excluded() != null) {
                    exCases++;
                    continue;
                }
                run++;
                for (Check c : r.checks()) {
                    if (c.boundPct() == null) {
                        continue;
                    }
                    bounded++;
                    if (c.excluded() != null) {
                        exChecks++;
                    } else if (Boolean.TRUE.equals(c.within())) {
                        within++;
                    } else {
                        outside++;
                    }
                }
            }
            return new Summary(run, exCases, bounded, within, outside, exChecks);
        }
    }
}
