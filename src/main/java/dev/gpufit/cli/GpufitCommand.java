package dev.gpufit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: prints usage when run alone. Each verb is its own class. */
@Command(
        name = "gpufit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Does this LLM, at this batch, context and precision, fit in the memory of the devices here, and by how much?",
        subcommands = {
            AgentCommand.class,
            DevicesCommand.class,
            EstimateCommand.class,
            FitCommand.class,
            RunCommand.class,
            PlanCommand.class,
            CatalogCommand.class,
            FleetCommand.class,
            NfdCommand.class,
            ValidateCommand.class,
        },
        footer = {
            "",
            "Exit codes: 0 ok/fits, 1 internal error, 2 bad usage or input, 3 does not fit, 4 no device found."
        })
public final class GpufitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
