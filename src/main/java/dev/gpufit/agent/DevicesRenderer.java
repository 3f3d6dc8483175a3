package dev.gpufit.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.device.ProbeResult;

/** The devices JSON (schema gpufit/devices/v1), exactly as {@code gpufit devices --format json} prints it. */
@FunctionalInterface
public interface DevicesRenderer {
    ObjectNode render(ProbeResult result);
}
