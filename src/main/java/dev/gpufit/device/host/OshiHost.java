package dev.gpufit.device.host;

import dev.gpufit.device.HostMemory;
import dev.gpufit.device.HostMemoryReader;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Host RAM and CPU name through OSHI, the only class that touches OSHI. OSHI is created on
 * first use because its start-up is slow. Only {@link GlobalMemory} and the processor name are
 * used: OSHI's graphics-card VRAM is wrong on every OS (PCI BAR sizes, a uint32 cap, total RAM).
 */
public final class OshiHost implements HostMemoryReader {
    private volatile HardwareAbstractionLayer hal;

    private HardwareAbstractionLayer hal() {
        HardwareAbstractionLayer h = hal;
        if (h == null) {
            synchronized (this) {
                if (hal == null) {
                    hal = new SystemInfo().getHardware();
                }
                h = hal;
            }
        }
        return h;
    }

    @Override
    public HostMemory read() {
        GlobalMemory m = hal().getMemory();
        return new HostMemory(m.getTotal(), m.getAvailable());
    }

    /** e.g. "AMD EPYC 7763 64-Core Processor"; {@code null} when OSHI has no name. */
    public String cpuName() {
        String name = hal().getProcessor().getProcessorIdentifier().getName();
        return name == null || name.isBlank() ? null : name.strip();
    }
}
