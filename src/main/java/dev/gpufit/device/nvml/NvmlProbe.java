package dev.gpufit.device.nvml;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.DeviceProbe;
import dev.gpufit.device.GpuProcess;
import dev.gpufit.device.HostMemory;
import dev.gpufit.device.HostMemoryReader;
import dev.gpufit.device.ProbeFailure;
import dev.gpufit.device.ProbeResult;
import dev.gpufit.device.ProcessNames;
import dev.gpufit.device.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Enumerates NVIDIA GPUs and MIG instances through {@link NvmlApi}, in NVML order, without
 * applying CUDA_VISIBLE_DEVICES (that is {@code CudaVisibleDevices}' job, one level up).
 * A missing library is the normal "no NVIDIA driver" outcome; a failed init fails this backend
 * only; a lost or forbidden GPU is a warning and the other GPUs are still reported.
 */
public final class NvmlProbe implements DeviceProbe {
    /**
     * v2 failures that mean "this driver or device cannot do v2": retry with v1
     * (docs/probing.md#nvml-memory-v1-and-v2).
     */
    private static final Set<NvmlReturn> V2_FALLBACK = Set.of(
            NvmlReturn.ERROR_FUNCTION_NOT_FOUND,
            NvmlReturn.ERROR_ARGUMENT_VERSION_MISMATCH,
            NvmlReturn.ERROR_NOT_SUPPORTED,
            NvmlReturn.ERROR_UNKNOWN);

    private final NvmlApi api;
    private final HostMemoryReader hostMemory;
    private final NvmlProcessReader processes;

    /** @param hostMemory for GPUs that share system memory (NVML memory NOT_SUPPORTED: iGPU, GB10) */
    public NvmlProbe(NvmlApi api, HostMemoryReader hostMemory) {
        this(api, hostMemory, ProcessNames.NONE);
    }

    /** @param processNames names the processes that hold GPU memory (the driver names the rest) */
    public NvmlProbe(NvmlApi api, HostMemoryReader hostMemory, ProcessNames processNames) {
        this.api = api;
        this.hostMemory = hostMemory;
        this.processes = new NvmlProcessReader(processNames);
    }

    @Override
    public String name() {
        return "nvml";
    }

    @Override
    public ProbeResult probe() {
        List<Device> devices = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<ProbeFailure> failures = new ArrayList<>();
        try (NvmlSession s = api.open()) {
            String driver = optional(() -> s.driverVersion());
            Integer cuda = optional(() -> s.cudaDriverVersion());
            int count = s.deviceCount();
            for (int i = 0; i < count; i++) {
                readGpu(s, i, driver, cuda, devices, warnings, failures);
            }
        } catch (NvmlLibraryMissingException e) {
            return ProbeResult.of(List.of(), List.of("nvml: no NVIDIA driver found (" + e.getMessage() + ")"));
        } catch (NvmlException e) {
            String what = e.call().equals("nvmlInit_v2") ? "cannot initialize NVML: " : "NVML failed: ";
            List<String> all = new ArrayList<>(warnings);
            all.add("nvml: " + what + e.describe());
            failures.add(ProbeFailure.backend(name(), what + e.describe()));
            return new ProbeResult(devices, all, true, List.of(), failures);
        }
        return new ProbeResult(devices, warnings, false, List.of(), failures);
    }

    private void readGpu(
            NvmlSession s,
            int index,
            String driver,
            Integer cuda,
            List<Device> devices,
            List<String> warnings,
            List<ProbeFailure> failures) {
        String where = "nvml: GPU " + index + ": ";
        String id = "nvidia:" + index;
        NvmlHandle h;
        try {
            h = s.handleByIndex(index);
        } catch (NvmlException e) {
            warnings.add(where + "skipped: " + e.describe());
            failures.add(new ProbeFailure(name(), id, e.describe()));
            return;
        }
        try {
            String name = s.name(h);
            String uuid = s.uuid(h);
            String pci = optional(() -> s.pciBusId(h));
            int[] cc = optional(() -> s.computeCapability(h));
            String ccText = cc == null ? null : cc[0] + "." + cc[1];
            List<String> notes = new ArrayList<>();
            if (cuda != null) {
                notes.add("CUDA driver API " + cuda / 1000 + "."
                        + cuda % 1000 / 10); // no String.format: its locale data costs start-up time
            }
            Memory mem = memory(s, h, notes);
            Boolean mig = optional(() -> s.migEnabled(h));
            long usable = mem.free;
            String usableSource = mem.source;
            DeviceKind kind = mem.unified ? DeviceKind.UNIFIED : DeviceKind.DISCRETE;
            if (Boolean.TRUE.equals(mig)) {
                // CUDA cannot run on a MIG-enabled parent: only its instances take work.
                usable = 0;
                usableSource = "MIG enabled: use its MIG instances";
                notes.add("MIG enabled: memory is split into the MIG instances listed as " + id + "/mig:N");
            }
            // a MIG parent's list is the instances' lists together (and needs privileges): asked per instance
            List<GpuProcess> procs = Boolean.TRUE.equals(mig) ? null : processes.read(s, h, notes);
            devices.add(Device.builder(id, kind)
                    .index(index)
                    .vendor(Vendor.NVIDIA)
                    .name(name)
                    .uuid(uuid)
                    .pciBusId(pci)
                    .totalBytes(mem.total)
                    .freeBytes(mem.free)
                    .reservedBytes(mem.reserved)
                    .usableBytes(usable)
                    .computeCapability(ccText)
                    .driverVersion(driver)
                    .usableSource(usableSource)
                    .notes(notes)
                    .processes(procs)
                    .build());
            if (Boolean.TRUE.equals(mig)) {
                readMigs(s, h, index, pci, ccText, driver, devices, warnings, failures);
            }
        } catch (NvmlException e) {
            warnings.add(where + "skipped: " + e.describe());
            failures.add(new ProbeFailure(name(), id, e.describe()));
        }
    }

    private void readMigs(
            NvmlSession s,
            NvmlHandle parent,
            int parentIndex,
            String pci,
            String cc,
            String driver,
            List<Device> devices,
            List<String> warnings,
            List<ProbeFailure> failures)
            throws NvmlException {
        int max = s.maxMigDeviceCount(parent);
        for (int m = 0; m < max; m++) {
            NvmlHandle mh;
            try {
                mh = s.migHandleByIndex(parent, m);
            } catch (NvmlException e) {
                if (e.ret() == NvmlReturn.ERROR_NOT_FOUND) {
                    continue; // MIG device indices are sparse
                }
                if (e.ret() == NvmlReturn.ERROR_GPU_IS_LOST) {
                    throw e;
                }
                warnings.add("nvml: GPU " + parentIndex + " MIG " + m + ": skipped: " + e.describe());
                failures.add(new ProbeFailure(name(), "nvidia:" + parentIndex + "/mig:" + m, e.describe()));
                continue;
            }
            try {
                List<String> notes = new ArrayList<>();
                Memory mem = memory(s, mh, notes);
                List<GpuProcess> procs = processes.read(s, mh, notes);
                devices.add(Device.builder("nvidia:" + parentIndex + "/mig:" + m, DeviceKind.MIG)
                        .index(parentIndex)
                        .vendor(Vendor.NVIDIA)
                        .name(s.name(mh))
                        .uuid(s.uuid(mh))
                        .pciBusId(pci)
                        .totalBytes(mem.total)
                        .freeBytes(mem.free)
                        .reservedBytes(mem.reserved)
                        .usableBytes(mem.free)
                        .computeCapability(cc)
                        .driverVersion(driver)
                        .usableSource(mem.source)
                        .notes(notes)
                        .processes(procs)
                        .build());
            } catch (NvmlException e) {
                warnings.add("nvml: GPU " + parentIndex + " MIG " + m + ": skipped: " + e.describe());
                failures.add(new ProbeFailure(name(), "nvidia:" + parentIndex + "/mig:" + m, e.describe()));
            }
        }
    }

    private record Memory(long total, Long free, Long reserved, String source, boolean unified) {}

    /** v2, else v1, else (NOT_SUPPORTED: memory shared with the system) host RAM. */
    private Memory memory(NvmlSession s, NvmlHandle h, List<String> notes) throws NvmlException {
        try {
            NvmlMemory m = s.memoryV2(h);
            return new Memory(m.total(), m.free(), m.reserved(), "NVML memory v2 free", false);
        } catch (NvmlException e) {
            if (!V2_FALLBACK.contains(e.ret())) {
                throw e;
            }
        }
        try {
            NvmlMemory m = s.memoryV1(h);
            notes.add("NVML memory v2 unavailable; v1 used counts the reserved framebuffer, reserved unknown");
            return new Memory(m.total(), m.free(), null, "NVML memory v1 free", false);
        } catch (NvmlException e) {
            if (e.ret() != NvmlReturn.ERROR_NOT_SUPPORTED) {
                throw e;
            }
        }
        HostMemory host = hostMemory.read();
        notes.add("NVML reports no memory for this GPU (integrated, shares system RAM): figures are host RAM");
        return new Memory(host.totalBytes(), host.availableBytes(), null, "host RAM available (unified memory)", true);
    }

    /** An optional fact: unknown on most errors, but a lost GPU loses the whole device. */
    private static <T> T optional(NvmlCall<T> call) throws NvmlException {
        try {
            return call.get();
        } catch (NvmlException e) {
            if (e.ret() == NvmlReturn.ERROR_GPU_IS_LOST) {
                throw e;
            }
            return null;
        }
    }

    @FunctionalInterface
    private interface NvmlCall<T> {
        T get() throws NvmlException;
    }
}
