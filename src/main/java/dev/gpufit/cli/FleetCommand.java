package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.agent.BearerToken;
import dev.gpufit.app.FleetJudges;
import dev.gpufit.fleet.AgentPoller;
import dev.gpufit.fleet.FleetCollector;
import dev.gpufit.fleet.FleetJson;
import dev.gpufit.fleet.FleetJudge;
import dev.gpufit.fleet.FleetText;
import dev.gpufit.fleet.Inventory;
import dev.gpufit.fleet.InventoryBuilder;
import dev.gpufit.fleet.SourceExpander;
import dev.gpufit.report.EstimateJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gpufit fleet}: many hosts' reports (files, streams, agents) merged into one inventory. */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merge many hosts' reports into one inventory: hosts x devices x memory, totals per device"
                    + " model, and with --model which hosts and devices fit it now, most headroom first.",
            "SOURCE: a report file written by 'gpufit devices|fit --format json', a directory of them, '-' for"
                    + " a stream of reports on stdin (concatenated or JSON lines), or an agent URL (http://host:9464).",
            "Unreadable sources are listed with the reason and never stop the rest."
        },
        footer = {"", "Exit codes: 0 at least one report was read, 2 bad usage, 4 no report could be read."})
public final class FleetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(arity = "1..*", paramLabel = "SOURCE", description = "Report files, directories, '-', or agent URLs.")
    List<String> sources;

    @Option(
            names = "--model",
            paramLabel = "ID",
            description = "Rank hosts and devices by how well this model (catalog id or HF repo id) fits now.")
    String model;

    @Option(
            names = "--context",
            paramLabel = "TOKENS",
            converter = Counts.Tokens.class,
            description = "Context for --model, prompt + generated; 8k = 8192 (default: as gpufit fit).")
    Long context;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Per-agent connect and answer timeout (default: ${DEFAULT-VALUE} s).")
    double timeoutSeconds;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "32",
            description = "Agents polled at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Bearer token for agents started with --token-file.")
    Path tokenFile;

    /** The process environment, read here at the boundary; tests replace it. */
    java.util.Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        if (context != null && model == null) {
            throw new BadInputException("--context needs --model");
        }
        if (context != null && context < 1) {
            throw new BadInputException("--context must be at least 1");
        }
        if (timeoutSeconds <= 0 || timeoutSeconds > 600) {
            throw new BadInputException("--timeout must be between 0 and 600 seconds");
        }
        if (parallel < 1 || parallel > 1024) {
            throw new BadInputException("--parallel must be between 1 and 1024");
        }
        String token = tokenFile == null ? null : BearerToken.readFile(tokenFile);
        FleetJudge judge = model == null ? null : FleetJudges.forModel(model, context, env, CliFields.NAMES);

        SourceExpander.Expanded expanded = SourceExpander.expand(sources);
        AgentPoller poller = new AgentPoller(Duration.ofMillis((long) (timeoutSeconds * 1000)), parallel, token);
        FleetCollector collector =
                new FleetCollector(poller, AgentPoller.endpoint(model, context), () -> System.in, System.err);
        FleetCollector.Collected got = collector.collect(expanded);
        Inventory inv = InventoryBuilder.build(got.reports(), got.failures(), judge);

        PrintWriter out = spec.commandLine().getOut();
        switch (common.format) {
            case json -> {
                out.println(EstimateJson.toJson(FleetJson.render(inv)));
                out.flush();
            }
            case csv -> FleetText.csv(inv, out);
            case table -> FleetText.table(inv, out);
        }
        if (inv.reportsRead() == 0) {
            throw new ExitException(
                    ExitCodes.NO_DEVICE,
                    "no report could be read from " + sources.size() + (sources.size() == 1 ? " source" : " sources"));
        }
        return ExitCodes.OK;
    }
}
