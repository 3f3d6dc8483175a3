package dev.gpufit.validate;

import java.util.List;

/**
 * One case run through its engine profile.
 *
 * @param id       case id (A01 ...)
 * @param profile  the gpufit engine profile used
 * @param model    the model as the case names it
 * @param excluded why the whole case is not checked, or null
 * @param checks   the terms compared
 * @param notes    what was assumed or fed from the log
 */
public record CaseResult(
        String id, String profile, String model, String excluded, List<Check> checks, List<String> notes) {
    public CaseResult {
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    public static CaseResult skipped(GroundTruthCase c, String profile, String reason) {
        return new CaseResult(c.id(), profile, c.model(), reason, List.of(), List.of());
    }
}
