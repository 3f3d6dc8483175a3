package dev.gpufit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.BadInputException;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Workload;
import dev.gpufit.estimate.engine.VllmCapacity;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.report.EstimateJson;
import dev.gpufit.report.EstimateTable;
import dev.gpufit.report.Surface;
import dev.gpufit.report.VllmCapacityReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gpufit estimate MODEL [workload]}: the memory breakdown, without probing any device. */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Memory a model needs for a workload: weights, activations, KV cache, overhead (no probing).")
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Mixin
    WorkloadOptions workload;

    @Mixin
    EngineOptions engine;

    @Option(
            names = "--device-total",
            paramLabel = "SIZE",
            converter = ByteSizeConverter.class,
            description =
                    "With --engine vllm: the device's total memory (80GiB, 24g), to show vLLM's KV capacity and concurrency on it.")
    Long deviceTotal;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        ModelSpec m = model.resolve();
        Workload w = engine.applyTo(workload.toWorkload());
        MemoryEstimate e = MemoryEstimator.estimate(m, w);
        VllmCapacity capacity = null;
        if (deviceTotal != null) {
            if (!VllmCapacity.applies(w) || w.method() != Method.DETAILED) {
                throw new BadInputException(
                        "--device-total shows vLLM's KV capacity: use it with --engine vllm (detailed method)");
            }
            capacity = VllmCapacity.of(m, w, e, deviceTotal);
        }
        Long seedTotal = null;
        String seedReason = null;
        if (w.method() == Method.DETAILED) {
            try {
                seedTotal = MemoryEstimator.estimate(
                                m,
                                new Workload(
                                        w.batch(),
                                        e.context(),
                                        w.weightDtype(),
                                        w.kvDtype(),
                                        w.engine(),
                                        Method.SEED,
                                        w.platform(),
                                        1,
                                        w.engineOptions()))
                        .totalBytes();
            } catch (BadInputException ex) {
                seedReason = "not computable: " + ex.getMessage();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (common.format) {
            case json -> {
                ObjectNode node = EstimateJson.toNode(m, w, e, seedTotal, Surface.CLI);
                if (capacity != null) {
                    node.set("vllm", VllmCapacityReport.toNode(capacity));
                }
                out.println(EstimateJson.toJson(node));
            }
            case csv -> out.print(EstimateTable.csv(e, seedTotal));
            case table -> {
                out.print(EstimateTable.render(m, w, e, seedTotal, seedReason));
                if (capacity != null) {
                    out.print("\n" + VllmCapacityReport.text(capacity));
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
