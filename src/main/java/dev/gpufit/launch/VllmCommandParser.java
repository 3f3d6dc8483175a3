package dev.gpufit.launch;

import dev.gpufit.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a vLLM serve command line as vLLM's FlexibleArgumentParser (vllm/utils/argparse_utils.py)
 * and argparse do: underscores in a {@code --} name read as dashes, {@code --flag value} and
 * {@code --flag=value}, {@code --no-X} for boolean fields, dotted JSON keys
 * ({@code --speculative-config.model}) judged by the flag before the dot, {@code --model M}
 * equal to the positional model. vLLM flags have no environment defaults. A flag the table does
 * not know passes through with a warning (a newer vLLM accepts it, an older one stops with
 * "unrecognized arguments"); a flag written as the beginning of a modelled or refused one is an
 * error, since argparse would expand the abbreviation.
 */
final class VllmCommandParser {
    /**
     * @param argv  the whole command
     * @param start index of the first argument after {@code vllm serve} or the module name
     * @param positionalModel whether a bare word names the model ({@code vllm serve MODEL})
     */
    Launch parse(List<String> argv, int start, boolean positionalModel) {
        List<String> warnings = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        List<FlagUse> uses = new ArrayList<>();
        String positional = null;
        for (int i = start; i < argv.size(); i++) {
            String raw = argv.get(i);
            if (!raw.startsWith("-") || isNumber(raw)) {
                if (!positionalModel || positional != null) {
                    throw new BadInputException("vllm serve takes one model, then flags; '" + raw
                            + "' is a second bare argument (vLLM stops with 'unrecognized arguments')");
                }
                positional = raw;
                continue;
            }
            i = flag(argv, i, uses, warnings, passed);
        }
        return read(argv, positional, uses, warnings, passed);
    }

    /** Reads the flag at argv[i] into uses; returns the index of the last word it took. */
    private int flag(List<String> argv, int i, List<FlagUse> uses, List<String> warnings, List<String> passed) {
        String raw = argv.get(i);
        if (raw.startsWith("-O") && !raw.startsWith("--") && !raw.equals("-O")) {
            // FlexibleArgumentParser reads -O3 and -O=3 as the compilation level
            uses.add(new FlagUse(spec("-O"), raw, List.of(), true, false));
            return i;
        }
        String key = raw;
        String inline = null;
        int eq = raw.indexOf('=');
        if (eq > 0) {
            key = raw.substring(0, eq);
            inline = raw.substring(eq + 1);
        }
        boolean dotted = false;
        if (key.startsWith("--")) {
            int dot = key.indexOf('.');
            String name = dot < 0 ? key : key.substring(0, dot);
            dotted = dot >= 0;
            key = name.replace('_', '-');
        }
        Optional<FlagSpec> pos = VllmFlags.TABLE.positive(key);
        Optional<FlagSpec> neg = VllmFlags.TABLE.negative(key);
        if (pos.isEmpty() && neg.isEmpty()) {
            return unknown(argv, i, key, inline, warnings, passed);
        }
        FlagSpec s = pos.orElseGet(neg::get);
        Arity arity = dotted ? Arity.ONE : s.arity();
        if (dotted && s.kind() == FlagClass.MODELLED && !key.equals("--rope-scaling")) {
            throw new BadInputException(
                    "vllm serve " + raw + ": " + key + " is not a JSON argument, so it has no" + " dotted keys");
        }
        List<String> values = new ArrayList<>();
        if (inline != null) {
            if (arity == Arity.NONE) {
                throw new BadInputException("vllm serve " + raw + ": " + key
                        + " is a switch and takes no value (vLLM stops with 'ignored explicit argument')");
            }
            values.add(inline);
        }
        int j = i;
        switch (arity) {
            case NONE -> {}
            case ONE, TWO -> {
                if (values.isEmpty()) {
                    if (j + 1 >= argv.size() || looksLikeOption(argv.get(j + 1))) {
                        throw new BadInputException("vllm serve " + raw + " expects a value after it"
                                + (j + 1 >= argv.size()
                                        ? ", and the command line ends there"
                                        : ", got " + argv.get(j + 1)));
                    }
                    values.add(argv.get(++j));
                }
            }
            case MANY -> {
                while (j + 1 < argv.size() && !looksLikeOption(argv.get(j + 1))) {
                    values.add(argv.get(++j));
                }
                if (values.isEmpty()) {
                    throw new BadInputException("vllm serve " + raw + " expects at least one value after it");
                }
            }
            case OPTIONAL -> {
                if (values.isEmpty() && j + 1 < argv.size() && !looksLikeOption(argv.get(j + 1))) {
                    values.add(argv.get(++j));
                }
            }
        }
        uses.add(new FlagUse(s, eq > 0 ? raw.substring(0, eq) : raw, values, pos.isPresent(), false));
        return j;
    }

    private int unknown(
            List<String> argv, int i, String key, String inline, List<String> warnings, List<String> passed) {
        if (key.startsWith("--")) {
            for (FlagSpec s : VllmFlags.TABLE.specs()) {
                if (s.kind() == FlagClass.HARMLESS) {
                    continue;
                }
                for (String n : s.names()) {
                    if (n.startsWith(key)) {
                        throw new BadInputException("vllm serve " + key + ": argparse reads it as the abbreviation of "
                                + n
                                + (s.kind() == FlagClass.REFUSED
                                        ? ", which gpufit does not model (" + s.why() + ")"
                                        : "")
                                + "; write flags in full");
                    }
                }
            }
        }
        String raw = argv.get(i);
        boolean takesNext = inline == null && i + 1 < argv.size() && !looksLikeOption(argv.get(i + 1));
        passed.add(takesNext ? raw + " " + argv.get(i + 1) : raw);
        warnings.add(raw + " is not a flag gpufit knows for vllm serve (vllm/engine/arg_utils.py, vllm/entrypoints/"
                + "openai/cli_args.py at the commits in docs/engine-flags.md); passed through as not changing memory"
                + (takesNext ? ", with '" + argv.get(i + 1) + "' as its value" : ""));
        return takesNext ? i + 1 : i;
    }

    private static Launch read(
            List<String> argv, String positional, List<FlagUse> uses, List<String> warnings, List<String> passed) {
        VllmSettingsBuilder b = new VllmSettingsBuilder();
        RefusedFlags refused = new RefusedFlags();
        List<String> harmless = new ArrayList<>();
        List<String> ropeFlags = new ArrayList<>();
        for (FlagUse u : uses) {
            switch (u.spec().kind()) {
                case MODELLED -> {
                    String key = u.spec().key();
                    if (key.equals("--rope-scaling") || key.equals("--rope-theta")) {
                        ropeFlags.add(u.shown());
                        harmless.add(u.shown());
                    } else if (!b.apply(u, refused)) {
                        harmless.add(u.shown());
                    }
                }
                case HARMLESS -> harmless.add(u.shown());
                case REFUSED -> {
                    if (u.positive()) {
                        refused.add(u);
                    } else {
                        harmless.add(u.shown());
                    }
                }
            }
        }
        if (!ropeFlags.isEmpty() && b.maxModelLen == null) {
            refused.add(
                    String.join(" ", ropeFlags),
                    "changes the context vLLM derives from the model; give --max-model-len to judge a set length");
        }
        refused.throwIfAny(EngineKind.VLLM);
        harmless.addAll(passed);

        if (positional != null && b.model != null) {
            throw new BadInputException(
                    "vllm serve names the model twice: '" + positional + "' and --model " + b.model);
        }
        String model = positional != null ? positional : b.model;
        if (model == null) {
            throw new BadInputException(
                    "vllm serve names no model: give it as the first argument (vllm serve MODEL)" + " or with --model");
        }
        if (b.maxModelLen == null) {
            warnings.add("no --max-model-len: vLLM takes the model's context length (max_position_embeddings in"
                    + " config.json)");
        }
        if (b.maxNumSeqs == null) {
            warnings.add("no --max-num-seqs: vLLM serve's default depends on the GPU (1024 on GPUs of 70 GiB or"
                    + " more other than A100, else 256; EngineArgs._set_default_args in vllm/engine/arg_utils.py)");
        }
        Integer seqs = b.maxNumSeqs == null ? null : Math.toIntExact(b.maxNumSeqs);
        return new Launch(
                EngineKind.VLLM,
                argv,
                ModelReference.of(ModelReference.Kind.REPO_OR_PATH, model),
                b.build(),
                b.maxModelLen,
                seqs,
                harmless,
                warnings);
    }

    private static FlagSpec spec(String name) {
        return VllmFlags.TABLE.positive(name).orElseThrow();
    }

    /** argparse takes a word starting with '-' as an option unless it is a negative number. */
    static boolean looksLikeOption(String word) {
        return word.startsWith("-") && !isNumber(word);
    }

    private static boolean isNumber(String word) {
        return word.matches("-?\\d+(\\.\\d*)?([eE][-+]?\\d+)?");
    }
}
