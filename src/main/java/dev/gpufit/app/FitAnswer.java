package dev.gpufit.app;

import dev.gpufit.device.HostInfo;
import dev.gpufit.fit.FitResult;
import dev.gpufit.model.ModelSpec;
import java.util.List;

/**
 * The answer to a {@link FitRequest}, for a surface to render.
 *
 * @param model    the model judged
 * @param result   the verdict per device
 * @param warnings probe warnings, when devices here were looked at (else empty)
 * @param host     the machine probed, or null when only catalog devices were judged
 */
public record FitAnswer(ModelSpec model, FitResult result, List<String> warnings, HostInfo host) {}
