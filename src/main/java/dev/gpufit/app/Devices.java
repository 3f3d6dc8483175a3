package dev.gpufit.app;

import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.SystemProbe;
import dev.gpufit.device.probes.ThisMachine;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** The devices question: what this machine has, probed under one deadline. */
public final class Devices {
    private Devices() {}

    /**
     * This machine's devices, probed once.
     *
     * @param env     the process environment, read by the caller
     * @param timeout deadline for all backends together
     */
    public static DeviceInventory probe(Map<String, String> env, Duration timeout) {
        return ThisMachine.probe(env, timeout).inventory();
    }

    /**
     * The probe of this machine for a long-running process (the agent, nfd). One
     * {@link SystemProbe} lives as long as the process, so a backend stuck in a driver call is
     * waited on again rather than called again (one stuck thread, whatever the uptime), and an
     * answer missing that backend comes back marked incomplete, which the agent's probe cache
     * serves as the last complete answer marked stale instead of silently dropping the GPUs.
     */
    public static Supplier<DeviceInventory> longLived(Map<String, String> env, Duration timeout) {
        SystemProbe probe = ThisMachine.probe(env, timeout);
        return probe::inventory;
    }
}
