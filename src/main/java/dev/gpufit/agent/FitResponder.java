package dev.gpufit.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.app.FitRequest;
import dev.gpufit.device.DeviceInventory;

/**
 * Answers a fit question against a probed inventory with exactly the JSON {@code gpufit fit
 * --format json} prints (schema gpufit/fit/v1). The command line wires the real one (model
 * lookup that never opens paths, the same selection, estimator, judge and renderer as
 * {@code fit}); tests use doubles.
 */
@FunctionalInterface
public interface FitResponder {
    /** @throws dev.gpufit.BadInputException for unknown models or impossible parameters (→ 400) */
    ObjectNode fit(FitRequest request, DeviceInventory probed);
}
