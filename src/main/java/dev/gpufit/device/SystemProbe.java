package dev.gpufit.device;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Probes this machine: every backend that applies (NVML, Apple, AMD sysfs, host RAM) under one
 * deadline, then CUDA_VISIBLE_DEVICES, then report order and indices. The one entry point for
 * `devices`, `fit` and the agent. The environment comes in as a map, read once at the CLI
 * boundary, so nothing below reads globals.
 *
 * <p>Report order: visible NVIDIA GPUs in CUDA order (so their index is the CUDA ordinal), MIG
 * instances, AMD, Apple, host RAM.
 */
public final class SystemProbe implements DeviceProbe {
    /** The default deadline for all backends together (`--probe-timeout`). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final CompositeProbe composite;
    private final Map<String, String> env;
    private final Supplier<String> cpuName;
    /** Read on the first inventory and kept: it does not change under a running agent. */
    private volatile Optional<String> hostname;

    /**
     * For tests: any backends, the environment to apply visibility from.
     *
     * @param cpuName the CPU name for the host info (as the host backend read it), or null; called
     *                after the probe, so it must not block
     */
    public SystemProbe(
            List<DeviceProbe> backends, Duration timeout, Map<String, String> env, Supplier<String> cpuName) {
        this.composite = new CompositeProbe(backends, timeout);
        this.env = Map.copyOf(env);
        this.cpuName = cpuName;
    }

    @Override
    public String name() {
        return "system";
    }

    @Override
    public ProbeResult probe() {
        return inventory().toProbeResult();
    }

    /** The full picture: visible devices, those hidden by visibility variables, warnings, host. */
    public DeviceInventory inventory() {
        long start = System.nanoTime();
        ProbeResult raw = composite.probe();
        List<Device> nvidia = new ArrayList<>();
        List<Device> others = new ArrayList<>();
        for (Device d : raw.devices()) {
            (d.vendor() == Vendor.NVIDIA ? nvidia : others).add(d);
        }
        List<String> warnings = new ArrayList<>(raw.warnings());
        List<Device> ordered = new ArrayList<>();
        List<Device> hidden = List.of();
        if (!nvidia.isEmpty()) {
            CudaVisibleDevices.Result vis =
                    CudaVisibleDevices.apply(env.get("CUDA_VISIBLE_DEVICES"), env.get("CUDA_DEVICE_ORDER"), nvidia);
            ordered.addAll(vis.visible());
            hidden = vis.hidden();
            warnings.addAll(vis.warnings());
        }
        others.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        ordered.addAll(others);
        List<Device> indexed = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            indexed.add(ordered.get(i).withIndex(i));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new DeviceInventory(
                hostInfo(raw.devices(), nvidia),
                indexed,
                hidden,
                warnings,
                raw.failed(),
                ms,
                raw.unanswered(),
                raw.failures());
    }

    private static int rank(Device d) {
        Vendor v = d.vendor() == null ? Vendor.INTEL : d.vendor();
        return switch (v) {
            case AMD -> 0;
            case APPLE -> 1;
            case HOST -> 3;
            case NVIDIA, INTEL -> 2;
        };
    }

    private HostInfo hostInfo(List<Device> all, List<Device> nvidia) {
        Device host = all.stream()
                .filter(d -> d.kind() == DeviceKind.HOST)
                .findFirst()
                .orElse(null);
        String cpu = host == null ? null : cpuName.get();
        String driver = nvidia.stream()
                .map(Device::driverVersion)
                .filter(v -> v != null)
                .findFirst()
                .orElse(null);
        return new HostInfo(
                hostname(),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("os.arch"),
                cpu,
                host == null ? null : host.totalBytes(),
                host == null ? null : host.freeBytes(),
                driver,
                env.get("CUDA_VISIBLE_DEVICES"));
    }

    private String hostname() {
        Optional<String> h = hostname;
        if (h == null) {
            h = Optional.ofNullable(readHostname());
            hostname = h; // a race reads it twice, harmlessly
        }
        return h.orElse(null);
    }

    private String readHostname() {
        for (String var : List.of("HOSTNAME", "COMPUTERNAME")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        try {
            Path p = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(p)) {
                return Files.readString(p).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
