package dev.gpufit.cli;

import dev.gpufit.app.FitQuestion;
import dev.gpufit.device.Device;
import dev.gpufit.fit.FitResult;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.report.Csv;
import dev.gpufit.report.EstimateJson;
import dev.gpufit.report.FitJson;
import dev.gpufit.report.FitTableRenderer;
import dev.gpufit.report.NoteText;
import dev.gpufit.report.Surface;
import dev.gpufit.report.WarningLines;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gpufit fit MODEL [workload] [--device SEL] [--tp N] [--budget free|total]}: the verdict per device. */
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

    @Option(names = "--quiet", description = "Print only the verdict line (warnings and errors still go to stderr).")
    boolean quiet;

    /** The process environment, read here at the boundary; tests replace it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        FitQuestion q = question.ask(env, spec.commandLine().getErr());
        ModelSpec m = q.model();
        FitResult r = q.service().fit(m, q.workload(), q.selection(), question.devices.budget);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (quiet) {
            out.println(FitTableRenderer.verdictLine(r));
            out.flush();
            question.devices.printWarnings(err);
            WarningLines.print(NoteText.render(r.warnings(), Surface.CLI), err);
            return r.fits() ? ExitCodes.OK : ExitCodes.DOES_NOT_FIT;
        }
        switch (common.format) {
            case json ->
                out.println(EstimateJson.toJson(
                        FitJson.toNode(m, r, question.devices.warnings, question.devices.host(), Surface.CLI)));
            case csv -> out.print(csv(r));
            case table -> FitTableRenderer.render(question.model.reference(), r, out, err);
        }
        out.flush();
        question.devices.printWarnings(err);
        return r.fits() ? ExitCodes.OK : ExitCodes.DOES_NOT_FIT;
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
