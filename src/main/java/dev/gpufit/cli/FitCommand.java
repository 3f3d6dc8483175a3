package dev.gpufit.cli;

import dev.gpufit.app.FitQuestion;
import dev.gpufit.app.PlacedFit;
import dev.gpufit.device.Device;
import dev.gpufit.fit.FitResult;
import dev.gpufit.fit.Pick;
import dev.gpufit.launch.Launch;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.report.Csv;
import dev.gpufit.report.EstimateJson;
import dev.gpufit.report.FitJson;
import dev.gpufit.report.FitTableRenderer;
import dev.gpufit.report.NoteText;
import dev.gpufit.report.Surface;
import dev.gpufit.report.WarningLines;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gpufit fit MODEL [workload] [--device SEL] [--tp N] [--budget free|total] [--pick]}, or
 * {@code gpufit fit [--device SEL] [--pick] -- ENGINE COMMAND LINE}: the verdict per device and for
 * the launch where the engine will run.
 */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Does the model fit on the devices here (or catalog devices), and by how much?",
        footer = {"", "Exit codes: 0 fits, 2 bad input, 3 does not fit, 4 no device selected or found."})
public final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    QuestionOptions question;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--pick",
            description =
                    "Pin the launch to the first devices that fit (as many as the engine takes): prints"
                            + " 'export CUDA_VISIBLE_DEVICES=UUID,...' on stdout for eval, the report on stderr; JSON gains 'pick'.")
    boolean pick;

    /** The engine command line after {@code --}; its first word lands in MODEL. */
    @Parameters(index = "1..*", hidden = true)
    List<String> rest;

    @Option(names = "--quiet", description = "Print only the verdict line (warnings and errors still go to stderr).")
    boolean quiet;

    /** The process environment, read here at the boundary; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<String> argv = LaunchArgs.of(spec, question.model.reference(), rest);
        FitQuestion q;
        String shown;
        if (argv == null) {
            q = question.ask(env, err);
            shown = question.model.reference();
        } else {
            Launch launch = LaunchArgs.parse(argv, env);
            q = question.askLaunch(launch, env, err);
            shown = launch.model().value();
            launch.warnings().forEach(w -> err.println(WarningLines.line(w)));
        }
        PlacedFit placed = PlacedFit.answer(q, question.devices.budget, pick);
        FitResult r = placed.result();
        ModelSpec m = q.model();
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            out.println(FitTableRenderer.verdictLine(r, m.approximate()));
            out.flush();
            question.devices.printWarnings(err);
            WarningLines.print(NoteText.render(r.warnings(), Surface.CLI), err);
            return placed.fits() ? ExitCodes.OK : ExitCodes.DOES_NOT_FIT;
        }
        // with --pick stdout carries only what eval reads; the table goes to stderr
        PrintWriter report = pick && common.format == CommonOptions.Format.table ? err : out;
        switch (common.format) {
            case json -> {
                var node = FitJson.toNode(m, r, question.devices.warnings, question.devices.host(), Surface.CLI);
                if (placed.pick() != null) {
                    node.set("pick", FitJson.pick(placed.pick()));
                }
                out.println(EstimateJson.toJson(node));
            }
            case csv -> out.print(csv(r));
            case table -> FitTableRenderer.render(shown, m.approximate(), r, report, err);
        }
        report.flush();
        if (pick && common.format == CommonOptions.Format.table && placed.fits()) {
            String cuda = placed.pick().cudaVisibleDevices();
            if (cuda != null) {
                out.println("export " + Pick.CUDA_VISIBLE_DEVICES + "=" + cuda);
            }
        }
        out.flush();
        question.devices.printWarnings(err);
        return placed.fits() ? ExitCodes.OK : ExitCodes.DOES_NOT_FIT;
    }

    static String csv(FitResult r) {
        StringBuilder sb = new StringBuilder("index,id,name,budget_bytes,needed_bytes,headroom_bytes,verdict\n");
        for (var f : r.devices()) {
            Device d = f.device();
            sb.append(Csv.row(
                    d.index(),
                    d.id(),
                    d.name(),
                    f.budgetBytes(),
                    f.neededBytes(),
                    f.headroomBytes(),
                    f.verdict().jsonName()));
        }
        return sb.toString();
    }
}
