package dev.gpufit.device.host;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.DeviceProbe;
import dev.gpufit.device.HostMemory;
import dev.gpufit.device.ProbeResult;
import dev.gpufit.device.Vendor;
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
    public boolean findsGpus() {
        return false;
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
        Device d = Device.builder("host", DeviceKind.HOST)
                .vendor(Vendor.HOST)
                .name(cpu == null ? "host RAM" : cpu + " (host RAM)")
                .totalBytes(mem.totalBytes())
                .freeBytes(mem.availableBytes())
                .usableBytes(mem.availableBytes())
                .usableSource("OS available memory")
                .build();
        return ProbeResult.of(List.of(d), List.of());
    }
}
