package dev.gpufit.cli;

import dev.gpufit.app.FitQuestion;
import dev.gpufit.app.LaunchQuestion;
import dev.gpufit.app.ModelLookup;
import dev.gpufit.app.ProbeGate;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.FitService;
import dev.gpufit.launch.Launch;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.readers.ModelReaders;
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

    /** Reads the question: the model, the devices selected, and the workload, in that order. */
    FitQuestion ask(Map<String, String> env, PrintWriter err) {
        devices.startProbe(env); // the driver answers while the model is being read
        ModelSpec m = model.resolve();
        FitService service = devices.service(env);
        DeviceSelection selection = devices.selectOrExit(service, env, err);
        Workload w = engine.applyTo(workload.toWorkload(FitQuestion.defaultPlatform(selection)));
        ProbeGate.checkEngine(devices.device, selection, w, CliFields.NAMES);
        return FitQuestion.of(m, service, selection, w, CliFields.NAMES);
    }

    /**
     * Reads the question an engine command line asks: its model, workload and settings from the
     * launch ({@link LaunchQuestion}), the devices from these options.
     */
    FitQuestion askLaunch(Launch launch, Map<String, String> env, PrintWriter err) {
        devices.startProbe(env);
        ModelSpec m = ModelLookup.resolve(
                LaunchQuestion.model(launch, env),
                () -> ModelReaders.resolver(env, System.getProperty("user.home")),
                env,
                CliFields.NAMES);
        FitService service = devices.service(env);
        DeviceSelection selection = devices.selectOrExit(service, env, err);
        Workload w = LaunchQuestion.withEngineOptions(
                launch,
                LaunchQuestion.workload(launch, m).toWorkload(FitQuestion.defaultPlatform(selection), CliFields.NAMES));
        ProbeGate.checkEngine(devices.device, selection, w, CliFields.NAMES);
        return FitQuestion.of(m, service, selection, w, CliFields.NAMES);
    }
}
