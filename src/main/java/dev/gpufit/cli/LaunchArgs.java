package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.launch.Launch;
import dev.gpufit.launch.LaunchParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The engine command line after {@code --} ({@code gpufit fit -- vllm serve MODEL ...}): picocli
 * puts its first word in MODEL and the rest in a catch-all parameter, so the command line is read
 * back from the original arguments, exactly as given.
 */
final class LaunchArgs {
    static final String DELIMITER = "--";

    private LaunchArgs() {}

    /**
     * The words after the first {@code --}, or {@code null} when there is none; extra positional
     * words without {@code --} are refused.
     */
    static List<String> of(CommandSpec spec, String model, List<String> rest) {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dash = original.indexOf(DELIMITER);
        if (dash < 0) {
            if (rest != null && !rest.isEmpty()) {
                throw new BadInputException("unexpected argument '" + rest.get(0) + "': give one MODEL, or an engine"
                        + " command line after -- (gpufit " + spec.name() + " -- vllm serve MODEL ...)");
            }
            return null;
        }
        List<String> argv = original.subList(dash + 1, original.size());
        if (argv.isEmpty()) {
            throw new BadInputException("nothing after --: give the engine command line, e.g. gpufit " + spec.name()
                    + " -- vllm serve MODEL --max-model-len 8192");
        }
        refuseWorkloadOptions(spec);
        if (model != null && !model.equals(argv.get(0))) {
            throw new BadInputException("MODEL '" + model + "' and an engine command line after --: the command line"
                    + " names the model; give only the command line");
        }
        return List.copyOf(argv);
    }

    /**
     * Options that only choose devices or output; every other gpufit option describes the
     * workload, which an engine command line states in its own flags.
     */
    private static final Set<String> WITH_A_LAUNCH =
            Set.of("--device", "--budget", "--probe-timeout", "--format", "--stacktrace", "--pick", "--quiet");

    /**
     * A workload option beside an engine command line would be silently outvoted by the engine's
     * own flags (the launch is judged as the engine will run it), so it is refused instead.
     */
    private static void refuseWorkloadOptions(CommandSpec spec) {
        List<String> given = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName)
                .filter(n -> !WITH_A_LAUNCH.contains(n))
                .distinct()
                .toList();
        if (!given.isEmpty()) {
            throw new BadInputException(String.join(", ", given) + " does not apply beside an engine command line"
                    + " after --: the engine's own flags state the workload (e.g. -c, --max-model-len, -tp);"
                    + " gpufit options there are --device, --budget, --probe-timeout, --format and --pick");
        }
    }

    /** The launch the words describe, read with the environment the engine will see. */
    static Launch parse(List<String> argv, Map<String, String> env) {
        return LaunchParser.parse(argv, env);
    }
}
