package dev.gpufit.device.host;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.DeviceProbe;
import dev.gpufit.device.HostMemory;
import dev.gpufit.device.ProbeResult;
import java.util.List;

/**
 * Host RAM as a device of kind {@code host}: the pool for CPU inference (llama.cpp without
 * offload) and what unified-memory GPUs share. Usable = what the OS says is available now.
 */
public final class HostProbe implements DeviceProbe {
    private final OshiHost host;

    public HostProbe(OshiHost host) {
        this.host = host;
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public ProbeResult probe() {
        HostMemory mem;
        try {
            mem = host.read();
        } catch (RuntimeException | LinkageError e) {
            return ProbeResult.failure("host: cannot read host RAM: " + e);
        }
        String cpu;
        try {
            cpu = host.cpuName();
        } catch (RuntimeException | LinkageError e) {
            cpu = null;
        }
        Device d = new Device(
                "host",
                0,
                "host",
                cpu == null ? "host RAM" : cpu + " (host RAM)",
                null,
                null,
                DeviceKind.HOST,
                mem.totalBytes(),
                mem.availableBytes(),
                null,
                mem.availableBytes(),
                null,
                null,
                "OS available memory",
                List.of());
        return ProbeResult.of(List.of(d), List.of());
    }
}
