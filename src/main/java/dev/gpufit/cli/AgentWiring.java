package dev.gpufit.cli;

import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.SystemProbe;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.model.ModelCatalog;
import dev.gpufit.model.ModelResolver;
import dev.gpufit.model.hf.HfCache;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Connects the agent and nfd to the pieces that produce the same answers as the {@code devices}
 * and {@code fit} commands: the probe of this machine, and the fit JSON for a model looked up by
 * catalog or HF repo id only (never a path).
 */
final class AgentWiring {
    private AgentWiring() {}

    /**
     * The probe of this machine for a long-running process. One {@link SystemProbe} lives as long
     * as the agent, so a backend stuck in a driver call is waited on again rather than called
     * again (one stuck thread, whatever the uptime), and an answer missing that backend comes
     * back marked incomplete, which {@link dev.gpufit.agent.ProbeCache} serves as the last
     * complete answer marked stale instead of silently dropping the GPUs.
     */
    static Supplier<DeviceInventory> probe(Map<String, String> env, Duration timeout) {
        SystemProbe probe = SystemProbe.forThisMachine(env, timeout);
        return probe::inventory;
    }

    /** Fit answers with the user's model catalog ($GPUFIT_MODELS or ~/.config/gpufit/models.yaml). */
    static AgentFits fits(Map<String, String> env) {
        ModelCatalog catalog = ModelResolver.fromEnvironment(env, System.getProperty("user.home"))
                .catalog();
        return new AgentFits(catalog, DeviceCatalog.load(), HfCache.fromEnv(env));
    }
}
