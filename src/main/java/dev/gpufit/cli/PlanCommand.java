package dev.gpufit.cli;

import dev.gpufit.app.FitQuestion;
import dev.gpufit.fit.PlanResult;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.report.EstimateJson;
import dev.gpufit.report.PlanCsv;
import dev.gpufit.report.PlanJson;
import dev.gpufit.report.PlanTableRenderer;
import dev.gpufit.report.Surface;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gpufit plan MODEL [--device SEL]}: the largest context and batch, and a quantization × context grid. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "What would fit: the largest context and batch, and which weight format fits at which context.",
        footer = {"", "Exit codes: 0 planned, 2 bad input, 4 no device selected or found."})
public final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    QuestionOptions question;

    @Mixin
    CommonOptions common;

    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        FitQuestion q = question.ask(env, spec.commandLine().getErr());
        ModelSpec m = q.model();
        PlanResult p = q.service().plan(m, q.workload(), q.selection(), question.devices.budget);
        PrintWriter out = spec.commandLine().getOut();
        if (common.format == CommonOptions.Format.json) {
            out.println(EstimateJson.toJson(PlanJson.toNode(m, p, question.devices.warnings, Surface.CLI)));
        } else if (common.format == CommonOptions.Format.csv) {
            out.print(PlanCsv.render(p));
        } else {
            PlanTableRenderer.render(question.model.reference(), m.approximate(), p, out);
        }
        out.flush();
        question.devices.printWarnings(spec.commandLine().getErr());
        return ExitCodes.OK;
    }
}
