package dev.gpufit.launch;

import dev.gpufit.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a llama-server or llama-cli command line as common/arg.cpp does
 * (common_params_parse_ex): the {@code LLAMA_ARG_*} variables first, then the arguments, which
 * win. A {@code --} argument has its underscores read as dashes; every argument is matched whole,
 * so {@code --ctx-size=8192} is not a llama.cpp spelling (the engine stops with "invalid
 * argument") and is refused here with the spelling that works. A flag the table does not know is
 * passed through with a warning: llama.cpp adds flags often, and a build newer than the table
 * accepts them.
 */
final class LlamaCppCommandParser {
    /** llama.cpp pads n_ctx and n_ctx_seq to this (src/llama-context.cpp, GGML_PAD(n_ctx, 256)). */
    static final long CTX_PAD = 256;

    /** llama-server's slot count when -np is not given (tools/server/server.cpp: auto = 4, unified KV). */
    static final int SERVER_AUTO_SLOTS = 4;

    private final EngineKind engine;

    LlamaCppCommandParser(EngineKind engine) {
        this.engine = engine;
    }

    /** @param argv the whole command, argv[0] the executable */
    Launch parse(List<String> argv, Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        List<FlagUse> uses = new ArrayList<>(fromEnv(env));
        uses.addAll(fromArgs(argv, warnings, passed));
        return read(argv, uses, warnings, passed);
    }

    private static List<FlagUse> fromEnv(Map<String, String> env) {
        List<FlagUse> uses = new ArrayList<>();
        for (FlagSpec s : LlamaCppFlags.TABLE.specs()) {
            if (s.env() == null) {
                continue;
            }
            if (!s.negations().isEmpty()) {
                // common_arg::get_value_from_env: LLAMA_ARG_NO_X is checked first and means false
                String neg = s.env().replace("LLAMA_ARG_", "LLAMA_ARG_NO_");
                if (env.containsKey(neg)) {
                    uses.add(new FlagUse(s, neg, List.of(env.get(neg)), false, true));
                    continue;
                }
            }
            String v = env.get(s.env());
            if (v == null) {
                continue;
            }
            if (s.arity() == Arity.NONE) {
                Boolean b = Values.llamaBool(v);
                if (s.negations().isEmpty()) {
                    // a switch is set by a truthy value and left alone otherwise, as llama.cpp does
                    if (Boolean.TRUE.equals(b)) {
                        uses.add(new FlagUse(s, s.env(), List.of(v), true, true));
                    }
                    continue;
                }
                if (b == null) {
                    throw new BadInputException("environment variable " + s.env()
                            + " takes on/off, true/false, enabled/disabled or 1/0, got '" + v + "'");
                }
                uses.add(new FlagUse(s, s.env(), List.of(v), b, true));
            } else {
                uses.add(new FlagUse(s, s.env(), List.of(v), true, true));
            }
        }
        return uses;
    }

    private List<FlagUse> fromArgs(List<String> argv, List<String> warnings, List<String> passed) {
        List<FlagUse> uses = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String raw = argv.get(i);
            String arg = raw.startsWith("--") ? raw.replace('_', '-') : raw;
            Optional<FlagSpec> pos = LlamaCppFlags.TABLE.positive(arg);
            Optional<FlagSpec> neg = LlamaCppFlags.TABLE.negative(arg);
            if (pos.isEmpty() && neg.isEmpty()) {
                i = unknown(argv, i, warnings, passed);
                continue;
            }
            FlagSpec s = pos.orElseGet(neg::get);
            int n = switch (s.arity()) {
                case NONE -> 0;
                case TWO -> 2;
                default -> 1;
            };
            if (i + n >= argv.size()) {
                throw new BadInputException(engine.command() + " " + raw + " expects "
                        + (n == 1 ? "a value" : n + " values") + " after it, and the command line ends there");
            }
            List<String> values = argv.subList(i + 1, i + 1 + n);
            uses.add(new FlagUse(s, raw, values, pos.isPresent(), false));
            i += n;
        }
        return uses;
    }

    /** An argument the table does not name; returns the index of the last word it took. */
    private int unknown(List<String> argv, int i, List<String> warnings, List<String> passed) {
        String raw = argv.get(i);
        int eq = raw.indexOf('=');
        if (raw.startsWith("-") && eq > 0) {
            String key = raw.substring(0, eq);
            String norm = key.startsWith("--") ? key.replace('_', '-') : key;
            if (LlamaCppFlags.TABLE.positive(norm).isPresent()) {
                throw new BadInputException(engine.command() + " reads no '=' form: " + raw
                        + " stops llama.cpp with 'invalid argument' (common/arg.cpp matches each argument"
                        + " whole); write " + key + " " + raw.substring(eq + 1));
            }
        }
        if (!raw.startsWith("-")) {
            throw new BadInputException(engine.command() + " takes no bare argument '" + raw
                    + "' (llama.cpp reads options only; the model is -m FILE or -hf REPO)");
        }
        boolean takesNext = i + 1 < argv.size() && !argv.get(i + 1).startsWith("-");
        String shown = takesNext ? raw + " " + argv.get(i + 1) : raw;
        passed.add(shown);
        warnings.add(raw + " is not a flag gpufit knows for " + engine.command()
                + " (common/arg.cpp at the commit in docs/engine-flags.md); passed through as not changing memory"
                + (takesNext ? ", with '" + argv.get(i + 1) + "' as its value" : ""));
        return takesNext ? i + 1 : i;
    }

    private Launch read(List<String> argv, List<FlagUse> uses, List<String> warnings, List<String> passed) {
        LlamaSettingsBuilder b = new LlamaSettingsBuilder();
        RefusedFlags refused = new RefusedFlags();
        List<String> harmless = new ArrayList<>();
        for (FlagUse u : uses) {
            switch (u.spec().kind()) {
                case MODELLED -> b.apply(u);
                case HARMLESS -> {
                    if (!u.fromEnv()) {
                        harmless.add(u.shown());
                    }
                }
                case REFUSED -> refused.add(u);
            }
        }
        refused.throwIfAny(engine);
        harmless.addAll(passed);

        ModelReference model = b.model(engine);
        boolean np = b.parallel != null;
        int slots;
        boolean unified = Boolean.TRUE.equals(b.kvUnified);
        if (np) {
            slots = b.parallel;
        } else if (engine == EngineKind.LLAMA_SERVER) {
            slots = SERVER_AUTO_SLOTS;
            unified = true;
            warnings.add("-np not given: llama-server runs " + SERVER_AUTO_SLOTS
                    + " slots sharing one unified KV buffer of -c tokens (tools/server/server.cpp)");
        } else {
            slots = 1;
        }
        if (slots < 1) {
            throw new BadInputException(engine.command() + " -np " + slots + ": llama.cpp needs at least 1 sequence");
        }
        Long perSeq = perSequence(b.ctxSize, slots, unified);
        if (b.ctxSize == null || b.ctxSize == 0) {
            warnings.add("no -c: the context is the model's training context (n_ctx_train)"
                    + (unified || slots == 1 ? "" : ", split over " + slots + " sequences"));
        }
        if (!Boolean.FALSE.equals(b.fit) && (b.ctxSize == null || b.gpuLayers == null)) {
            warnings.add("llama.cpp's --fit is on unless -fit off: it lowers a -c or -ngl that is not given"
                    + " until the model fits the free memory, so the engine may start with less than judged");
        }
        LlamaLaunch settings = b.build(unified);
        return new Launch(engine, argv, model, settings, perSeq, slots, harmless, warnings);
    }

    /**
     * Tokens per sequence as src/llama-context.cpp derives them: n_ctx padded to 256; with a
     * unified KV buffer every sequence may use all of it, otherwise each gets n_ctx / n_seq,
     * padded to 256 again. Null when the context comes from the model.
     */
    static Long perSequence(Long ctxSize, int slots, boolean unified) {
        if (ctxSize == null || ctxSize == 0) {
            return null;
        }
        if (ctxSize < 0) {
            throw new BadInputException("-c " + ctxSize + ": the context cannot be negative");
        }
        long nCtx = pad(ctxSize);
        if (unified) {
            return nCtx;
        }
        long perSeq = pad(nCtx / slots);
        if (perSeq == 0) {
            throw new BadInputException("-c " + ctxSize + " over -np " + slots
                    + " leaves no context per sequence (llama.cpp stops with n_ctx_seq == 0)");
        }
        return perSeq;
    }

    static long pad(long n) {
        return Math.floorDiv(n + CTX_PAD - 1, CTX_PAD) * CTX_PAD;
    }

    static List<String> split(String v, String regex) {
        return Arrays.stream(v.split(regex)).filter(s -> !s.isEmpty()).toList();
    }
}
