package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.agent.NfdFeatureFile;
import dev.gpufit.agent.NfdLabels;
import dev.gpufit.agent.RemoteAnswers;
import dev.gpufit.agent.Watch;
import dev.gpufit.agent.WatchEvaluator;
import dev.gpufit.app.Devices;
import dev.gpufit.app.ProbeCache;
import dev.gpufit.app.ProbeSnapshot;
import dev.gpufit.app.RemoteFits;
import dev.gpufit.device.Device;
import dev.gpufit.device.ProbeFailure;
import dev.gpufit.fit.Budget;
import dev.gpufit.report.WarningLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gpufit nfd}: a Node Feature Discovery feature file saying which watched models fit here. */
@Command(
        name = "nfd",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a Node Feature Discovery feature file (key=value lines) with gpufit.dev/ labels:"
                    + " gpu-count, gpu-memory-gib, gpu-model, and per watched model fits.MODEL[.ctxN] and"
                    + " headroom-gib.MODEL[.ctxN], so pods can be scheduled where their model fits.",
            "Point --output at /etc/kubernetes/node-feature-discovery/features.d/gpufit (nfd-worker's local source)."
        },
        footer = {
            "",
            "Exit codes: 0 written, 2 bad usage, 4 no device found or the GPU probe failed (the file is still"
                    + " written; without labels when the probe failed)."
        })
public final class NfdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--watch",
            paramLabel = "MODEL[@CONTEXT]",
            split = ",",
            required = true,
            description = "Models to label (catalog ids or HF repo ids).")
    List<String> watch;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Feature file to write atomically (default: stdout).")
    Path output;

    @Option(
            names = "--budget",
            paramLabel = "free|total",
            defaultValue = "total",
            description = "Judge against the whole device (total, default: labels do not flap as pods come and go) "
                    + "or the memory free now (free).")
    String budget;

    @Option(
            names = "--every",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Keep running and rewrite the file this often (sidecar mode).")
    Duration every;

    @Option(
            names = "--expiry",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Labels expire this long after writing (default: 3 x --every; none when run once).")
    Duration expiry;

    @Option(
            names = "--probe-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Give up on a probe after this long (default: ${DEFAULT-VALUE}).")
    Duration probeTimeout;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error (for bug reports).")
    boolean stacktrace;

    /** The process environment, read here at the boundary; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        if (!budget.equals("free") && !budget.equals("total")) {
            throw new BadInputException("--budget must be free or total");
        }
        if (every != null && output == null) {
            throw new BadInputException("--every needs --output");
        }
        if (output != null) {
            NfdFeatureFile.checkWritable(output, "--output");
        }
        List<Watch> watches = Watch.parseAll(watch);
        WatchEvaluator evaluator = new WatchEvaluator(
                RemoteAnswers.verdicts(RemoteFits.fromEnvironment(env, CliFields.NAMES)),
                watches,
                budget.equals("total") ? Budget.TOTAL : Budget.FREE);
        Duration ttl = every == null ? Duration.ZERO : every;
        Duration exp = expiry != null ? expiry : every != null ? every.multipliedBy(3) : null;
        try (ProbeCache cache = new ProbeCache(Devices.longLived(env, probeTimeout), ttl, probeTimeout)) {
            while (true) {
                int code = once(cache, evaluator, watches, exp);
                if (every == null) {
                    return code;
                }
                Thread.sleep(every.toMillis());
            }
        }
    }

    private int once(ProbeCache cache, WatchEvaluator evaluator, List<Watch> watches, Duration exp) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ProbeSnapshot snap = cache.get();
        List<Device> devices = snap.devices();
        // a failed GPU probe knows neither the GPUs nor what fits on them: no labels at all
        boolean unknown = snap.inventory().gpuProbeFailed();
        WatchEvaluator.Outcome outcome =
                unknown ? new WatchEvaluator.Outcome(List.of(), List.of()) : evaluator.evaluate(snap.inventory());
        if (every == null && !outcome.errors().isEmpty()) {
            throw new BadInputException("--watch " + outcome.errors().get(0));
        }
        outcome.errors().forEach(e -> err.println(WarningLines.line("--watch " + e)));
        Map<String, String> labels = unknown ? Map.of() : NfdLabels.labels(devices, watches, outcome);
        String text =
                NfdFeatureFile.render(labels, exp == null ? null : Instant.now().plus(exp), "gpufit nfd");
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                NfdFeatureFile.write(output, text);
            } catch (IOException e) {
                // A file system that turned read-only or full is the operator's to fix, not a bug.
                String why = "cannot write --output " + output + ": " + e.getMessage();
                if (every == null) {
                    throw new BadInputException(why, e);
                }
                err.println(WarningLines.line(why));
            }
        }
        if (unknown) {
            err.println("gpufit nfd: the GPU probe failed, no labels written: "
                    + String.join(
                            "; ",
                            snap.inventory().failures().stream()
                                    .map(ProbeFailure::describe)
                                    .toList()));
            err.flush();
            return ExitCodes.NO_DEVICE;
        }
        if (devices.isEmpty()) {
            err.println("gpufit nfd: no device found"
                    + (snap.inventory().warnings().isEmpty()
                            ? ""
                            : ": " + snap.inventory().warnings().get(0)));
            err.flush();
            return ExitCodes.NO_DEVICE;
        }
        return ExitCodes.OK;
    }
}
