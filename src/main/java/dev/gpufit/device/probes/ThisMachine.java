package dev.gpufit.device.probes;

import dev.gpufit.device.DeviceProbe;
import dev.gpufit.device.SystemProbe;
import dev.gpufit.device.amd.AmdSysfsProbe;
import dev.gpufit.device.apple.AppleProbe;
import dev.gpufit.device.apple.jna.LibcSysctl;
import dev.gpufit.device.apple.jna.ObjcMetal;
import dev.gpufit.device.host.HostProbe;
import dev.gpufit.device.host.OshiHost;
import dev.gpufit.device.host.ProcProcessNames;
import dev.gpufit.device.nvml.NvmlProbe;
import dev.gpufit.device.nvml.jna.JnaNvmlApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link SystemProbe} of this machine from the concrete backends (NVML, Apple, AMD
 * sysfs, host RAM). It lives apart from {@code device} so that the shared device types sit below
 * the backends that produce them, and only this class knows them all.
 */
public final class ThisMachine {
    private ThisMachine() {}

    /**
     * The probe for this machine.
     *
     * @param env     the process environment (System.getenv() at the CLI boundary): GPUFIT_NVML_LIBRARY,
     *                GPUFIT_SYSFS_ROOT, CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER, ROCR/HIP_VISIBLE_DEVICES,
     *                GPUFIT_PROC_ROOT (default /proc: names the processes holding GPU memory)
     * @param timeout deadline for all backends together
     */
    public static SystemProbe probe(Map<String, String> env, Duration timeout) {
        OshiHost host = new OshiHost();
        List<DeviceProbe> backends = new ArrayList<>();
        String proc = env.get("GPUFIT_PROC_ROOT");
        backends.add(new NvmlProbe(
                new JnaNvmlApi(env),
                host,
                new ProcProcessNames(Path.of(proc == null || proc.isBlank() ? "/proc" : proc))));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (os.contains("mac") && arch.equals("aarch64")) {
            // Intel Macs have no unified GPU pool worth reporting; Apple JNA never loads elsewhere.
            backends.add(new AppleProbe(new LibcSysctl(), new ObjcMetal(), host));
        }
        String sysfs = env.get("GPUFIT_SYSFS_ROOT");
        if (sysfs != null && !sysfs.isBlank() || os.contains("linux")) {
            backends.add(new AmdSysfsProbe(
                    Path.of(sysfs == null || sysfs.isBlank() ? "/sys" : sysfs),
                    env.get("ROCR_VISIBLE_DEVICES"),
                    env.get("HIP_VISIBLE_DEVICES")));
        }
        backends.add(new HostProbe(host));
        // the CPU name the host backend read (and OshiHost keeps), without blocking if it has not
        return new SystemProbe(backends, timeout, env, host::knownCpuName);
    }
}
