package dev.gpufit.cli;

import dev.gpufit.agent.DevicesRenderer;
import dev.gpufit.agent.FitService;
import dev.gpufit.device.DeviceProbe;
import java.time.Duration;

/**
 * Connects the agent, nfd and fleet to the pieces that produce the same answers as the
 * {@code devices} and {@code fit} commands: the composite probe of this machine, the devices
 * JSON, and the fit JSON for a model looked up by catalog or HF repo id only (never a path).
 */
final class AgentWiring {
    private AgentWiring() {}

    static DeviceProbe probe(Duration timeout) {
        throw notYet();
    }

    static DevicesRenderer devicesRenderer() {
        throw notYet();
    }

    static FitService fitService() {
        throw notYet();
    }

    private static ExitException notYet() {
        // replaced when the device, estimate and fit branches are merged
        return new ExitException(ExitCodes.INTERNAL, "this build has no device probe and fit judgement yet");
    }
}
