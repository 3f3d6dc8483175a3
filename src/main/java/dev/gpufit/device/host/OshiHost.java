package dev.gpufit.device.host;

import dev.gpufit.device.HostMemory;
import dev.gpufit.device.HostMemoryReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Host RAM and CPU name through OSHI, the only class that touches OSHI. OSHI is created on
 * first use because its start-up is slow. Only {@link GlobalMemory} and the processor name are
 * used: OSHI's graphics-card VRAM is wrong on every OS (PCI BAR sizes, a uint32 cap, total RAM).
 * On Linux both come from /proc first ({@link ProcFiles}, the same fields OSHI reads), so OSHI
 * starts only where /proc lacks them; OSHI's start-up cost more than the rest of {@code gpufit fit}.
 */
public final class OshiHost implements HostMemoryReader {
    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private volatile HardwareAbstractionLayer hal;
    /** The CPU name, read once: it does not change while the process runs (the agent probes every TTL). */
    private volatile Optional<String> cpu;

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
        HostMemory fromProc = LINUX ? ProcFiles.meminfo(proc("meminfo")) : null;
        if (fromProc != null) {
            return fromProc;
        }
        GlobalMemory m = hal().getMemory();
        return new HostMemory(m.getTotal(), m.getAvailable());
    }

    /**
     * e.g. "AMD EPYC 7763 64-Core Processor"; {@code null} when OSHI has no name. Read on the first
     * call (from the host probe, under its deadline) and remembered.
     */
    public String cpuName() {
        Optional<String> c = cpu;
        if (c == null) {
            synchronized (this) {
                if (cpu == null) {
                    cpu = Optional.ofNullable(readCpuName());
                }
                c = cpu;
            }
        }
        return c.orElse(null);
    }

    /** The CPU name if {@link #cpuName()} has read it, else {@code null}; never blocks on OSHI. */
    public String knownCpuName() {
        Optional<String> c = cpu;
        return c == null ? null : c.orElse(null);
    }

    private String readCpuName() {
        String fromProc = LINUX ? ProcFiles.cpuModelName(proc("cpuinfo")) : null;
        if (fromProc != null) {
            return fromProc;
        }
        String name = hal().getProcessor().getProcessorIdentifier().getName();
        return name == null || name.isBlank() ? null : name.strip();
    }

    /** The text of /proc/NAME, or "" when it cannot be read (then OSHI is asked). */
    private static String proc(String name) {
        try {
            return Files.readString(Path.of("/proc", name), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
