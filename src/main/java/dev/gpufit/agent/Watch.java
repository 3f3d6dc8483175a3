package dev.gpufit.agent;

import dev.gpufit.TokenCount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A model the agent (or {@code nfd}) judges continuously: {@code MODEL[@CONTEXT]}.
 *
 * @param model   catalog id or HF repo id (validated by {@link ModelRef})
 * @param context tokens, {@code null} for the model's/engine's default
 */
public record Watch(String model, Long context) {

    /** Parses "llama-3.1-8b@8192,qwen2.5-7b" (commas between watches; repeated options are joined). */
    public static List<Watch> parseAll(List<String> specs) {
        LinkedHashSet<Watch> out = new LinkedHashSet<>();
        if (specs != null) {
            for (String spec : specs) {
                for (String part : spec.split(",")) {
                    if (!part.isBlank()) {
                        out.add(parse(part.strip()));
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    public static Watch parse(String s) {
        int at = s.lastIndexOf('@');
        String model = at < 0 ? s : s.substring(0, at);
        Long context = null;
        if (at >= 0) {
            context = TokenCount.context(s.substring(at + 1), "--watch " + s + " context");
        }
        return new Watch(ModelRef.validate(model), context);
    }

    /** The label value: the context asked for, or "default". */
    public String contextLabel() {
        return context == null ? "default" : Long.toString(context);
    }

    @Override
    public String toString() {
        return context == null ? model : model + "@" + context;
    }
}
