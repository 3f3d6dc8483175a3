package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.agent.AgentConfig;
import dev.gpufit.agent.AgentMetrics;
import dev.gpufit.agent.AgentServer;
import dev.gpufit.agent.BearerToken;
import dev.gpufit.agent.HttpFields;
import dev.gpufit.agent.ListenAddress;
import dev.gpufit.agent.RemoteAnswers;
import dev.gpufit.agent.Watch;
import dev.gpufit.agent.WatchEvaluator;
import dev.gpufit.app.Devices;
import dev.gpufit.app.ProbeCache;
import dev.gpufit.app.ProbeSnapshot;
import dev.gpufit.app.RemoteFits;
import dev.gpufit.report.WarningLines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gpufit agent}: the same answers over HTTP and Prometheus, for a fleet. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve this machine's devices and fit answers over HTTP, and Prometheus metrics.",
            "Endpoints (GET/HEAD only): /healthz, /v1/devices, /metrics, and"
                    + " /v1/fit?model=ID&context=N&batch=N&dtype=D&kv_dtype=D&engine=E&tp=N&device=SEL&budget=free|total"
                    + " (model: a catalog id or HF repo id, never a path).",
            "Loopback only unless --listen names another address."
        },
        footer = {"", "Stops cleanly on SIGTERM/SIGINT. Exit codes: 0 stopped, 2 bad usage."})
public final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            description = "Address to listen on (default: 127.0.0.1:9464). Anything but loopback exposes the agent.")
    String listen;

    @Option(
            names = "--watch",
            paramLabel = "MODEL[@CONTEXT]",
            split = ",",
            description = "Models judged on every probe for /metrics (gpufit_model_fits, gpufit_model_headroom_bytes).")
    List<String> watch = List.of();

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Require 'Authorization: Bearer TOKEN' (the file's first line) on all but /healthz.")
    Path tokenFile;

    @Option(
            names = "--probe-interval",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Reuse a probe for this long (default: ${DEFAULT-VALUE}).")
    Duration probeInterval;

    @Option(
            names = "--probe-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "A probe slower than this is left running and the last good answer is served, "
                    + "marked stale (default: ${DEFAULT-VALUE}).")
    Duration probeTimeout;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "4",
            description = "Request threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error (for bug reports).")
    boolean stacktrace;

    /** The process environment, read here at the boundary; tests replace it. */
    Map<String, String> env = System.getenv();

    /** Called once the server listens (tests learn the port); the command then waits for SIGTERM. */
    java.util.function.Consumer<AgentServer> onStarted = s -> {};

    /** Counted down to stop the agent without a signal (tests). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config = config();
        List<Watch> watches = Watch.parseAll(watch);
        if (config.listen().isWildcard()) {
            err.println(WarningLines.line("listening on every interface (" + config.listen() + "); "
                    + (config.token() == null
                            ? "anyone who can reach this host can read its devices; consider --token-file"
                            : "requests need the bearer token")));
        }
        // the fit answers go out over HTTP: their errors name query parameters
        RemoteFits fits = RemoteFits.fromEnvironment(env, HttpFields.NAMES);
        ProbeCache cache = new ProbeCache(Devices.longLived(env, probeTimeout), probeInterval, probeTimeout);
        WatchEvaluator evaluator = new WatchEvaluator(RemoteAnswers.verdicts(fits), watches, null);
        ProbeSnapshot first = cache.get();
        // a watch that names an unknown model is a typo: say so now, not as a silent gauge
        List<String> problems = evaluator.evaluate(first.inventory()).errors();
        if (!problems.isEmpty()) {
            cache.close();
            throw new BadInputException("--watch " + problems.get(0));
        }
        WarningLines.print(first.inventory().warnings(), err);
        AgentServer server = new AgentServer(config, cache, RemoteAnswers.responder(fits), new AgentMetrics(evaluator));
        server.start();
        err.println("gpufit agent: listening on http://"
                + hostForUrl(config.listen().host()) + ":" + server.address().getPort()
                + (config.token() == null ? "" : " (bearer token required)"));
        err.flush();

        Thread hook = new Thread(
                () -> {
                    server.close(); // stops accepting, lets in-flight requests finish within the grace period
                    stop.countDown();
                },
                "gpufit-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        onStarted.accept(server);
        stop.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook is closing the server
        }
        return ExitCodes.OK;
    }

    AgentConfig config() {
        ListenAddress addr = listen == null ? ListenAddress.DEFAULT : ListenAddress.parse(listen);
        if (threads < 1 || threads > 64) {
            throw new BadInputException("--threads must be between 1 and 64");
        }
        if (probeInterval.isNegative() || probeTimeout.isZero() || probeTimeout.isNegative()) {
            throw new BadInputException("--probe-interval must be >= 0 and --probe-timeout > 0");
        }
        BearerToken token = tokenFile == null ? null : BearerToken.fromFile(tokenFile);
        return new AgentConfig(
                addr, listen != null, token, threads, AgentConfig.DEFAULT_MAX_URI_BYTES, Duration.ofSeconds(2));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
