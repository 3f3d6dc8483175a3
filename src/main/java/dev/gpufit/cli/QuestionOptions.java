package dev.gpufit.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Mixin;

/**
 * The options {@code fit} and {@code plan} share — the model, the workload, the engine's settings
 * and the devices — in one mixin, so the two commands take exactly the same question.
 */
public final class QuestionOptions {
    @Mixin
    ModelOptions model;

    @Mixin
    WorkloadOptions workload;

    @Mixin
    EngineOptions engine;

    @Mixin
    DeviceOptions devices;

    /** Reads the question; see {@link FitQuestion#ask}. */
    FitQuestion ask(Map<String, String> env, PrintWriter err) {
        return FitQuestion.ask(model, workload, engine, devices, env, err);
    }
}
