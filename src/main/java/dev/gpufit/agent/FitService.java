package dev.gpufit.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.device.Device;
import java.util.List;

/**
 * Answers a fit question against given devices with exactly the JSON {@code gpufit fit --format
 * json} prints (schema gpufit/fit/v1). The command line wires the real one (model lookup that
 * never opens paths, the estimator, the judge, the renderer); tests use doubles.
 */
@FunctionalInterface
public interface FitService {
    /** @throws dev.gpufit.BadInputException for unknown models or impossible parameters (→ 400) */
    ObjectNode fit(FitRequest request, List<Device> probed);
}
