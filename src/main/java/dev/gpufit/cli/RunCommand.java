package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.app.FitQuestion;
import dev.gpufit.app.PlacedFit;
import dev.gpufit.fit.Pick;
import dev.gpufit.launch.Launch;
import dev.gpufit.report.FitTableRenderer;
import dev.gpufit.report.WarningLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gpufit run [--device SEL] [--budget free|total] -- ENGINE COMMAND LINE}: judges the launch
 * as {@code fit --pick --} does and, only when it fits, runs the command unchanged with
 * CUDA_VISIBLE_DEVICES pinned to the devices that fit. The engine's exit code becomes gpufit's.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run an engine command line only when it fits here, pinned to the devices that fit:",
            "  gpufit run -- vllm serve MODEL --max-model-len 32768",
            "  gpufit run -- llama-server -m model.gguf -c 16384 -np 4 -ngl 99",
            "The report goes to stderr; the engine inherits stdin, stdout and stderr."
        },
        footer = {
            "",
            "Exit codes: the engine's when it runs; 2 bad input or an unmodelled flag, 3 does not fit (the engine is",
            "not started), 4 no device selected or found."
        })
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    QuestionOptions question;

    @Mixin
    CommonOptions common;

    /** The engine command line after {@code --}; its first word lands in MODEL. */
    @Parameters(index = "1..*", hidden = true)
    List<String> rest;

    /** The process environment, read here at the boundary; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> argv = LaunchArgs.of(spec, question.model.reference(), rest);
        if (argv == null) {
            throw new BadInputException(
                    "give the engine command line after --, e.g. gpufit run -- vllm serve MODEL --max-model-len 8192");
        }
        Launch launch = LaunchArgs.parse(argv, env);
        launch.warnings().forEach(w -> err.println(WarningLines.line(w)));
        FitQuestion q = question.askLaunch(launch, env, err);
        PlacedFit placed = PlacedFit.answer(q, question.devices.budget, true);
        FitTableRenderer.render(launch.model().value(), q.model().approximate(), placed.result(), err, err);
        question.devices.printWarnings(err);
        if (!placed.fits()) {
            err.println("gpufit: " + launch.engine().command() + " not started: the launch does not fit here");
            err.flush();
            return ExitCodes.DOES_NOT_FIT;
        }
        String cuda = placed.pick().cudaVisibleDevices();
        ProcessBuilder pb = new ProcessBuilder(launch.argv()).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(env);
        if (cuda != null) {
            pb.environment().put(Pick.CUDA_VISIBLE_DEVICES, cuda);
            err.println("gpufit: starting " + launch.engine().command() + " with " + Pick.CUDA_VISIBLE_DEVICES + "="
                    + cuda);
        }
        err.flush();
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            throw new BadInputException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
        Thread stop = new Thread(child::destroy, "gpufit-run-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return child.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the child is being stopped
            }
        }
    }
}
