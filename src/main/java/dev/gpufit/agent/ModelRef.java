package dev.gpufit.agent;

import dev.gpufit.BadInputException;
import java.util.regex.Pattern;

/**
 * The model names the agent accepts from the network: a catalog id ({@code llama-3.1-8b}) or an
 * HF repo id ({@code meta-llama/Llama-3.1-8B}). Never a filesystem path: a remote caller must
 * not make the agent open files, so anything path-like is refused before any lookup.
 */
public final class ModelRef {
    /** One name segment as HF allows it: letters, digits, '-', '_', '.'; no leading dot. */
    private static final Pattern ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");

    private ModelRef() {}

    /** Returns the id unchanged, or throws a one-line reason that does not echo more than the id. */
    public static String validate(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new BadInputException("model is required: a catalog id or an HF repo id");
        }
        if (ref.length() > 200) {
            throw new BadInputException("model is too long");
        }
        if (!ID.matcher(ref).matches() || ref.contains("..") || ref.endsWith(".gguf") || ref.endsWith(".json")) {
            throw new BadInputException(
                    "model must be a catalog id or an HF repo id (org/name), not a path: " + printable(ref));
        }
        return ref;
    }

    /** Keeps error messages one line and free of control characters. */
    static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
