package dev.gpufit.device.nvml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written {@link NvmlApi} for the probe logic: devices and per-call failures in Java,
 * counting inits and shutdowns so tests can prove they pair up.
 */
final class FakeNvmlApi implements NvmlApi {
    record Gpu(String name, String uuid, NvmlMemory memory, List<Mig> migs) {}

    record Mig(int slot, String name, String uuid, NvmlMemory memory) {}

    record H(int gpu, int slot) implements NvmlHandle {}

    final List<Gpu> gpus = new ArrayList<>();
    /** "0" (GPU 0) or "0/mig:1" (its MIG slot 1) -> the processes on its compute list. */
    final Map<String, List<NvmlProcess>> compute = new HashMap<>();
    /** As {@link #compute}, for the graphics list. */
    final Map<String, List<NvmlProcess>> graphics = new HashMap<>();
    /** pid -> what nvmlSystemGetProcessName answers (absent: NOT_FOUND). */
    final Map<Long, String> driverNames = new HashMap<>();
    /** "call" or "call@gpu" -> code. */
    final Map<String, Integer> errors = new HashMap<>();

    int inits;
    int shutdowns;

    private void fail(String call, int gpu) throws NvmlException {
        Integer code = errors.getOrDefault(call + "@" + gpu, errors.get(call));
        if (code != null) {
            throw new NvmlException(code, call);
        }
    }

    @Override
    public NvmlSession open() throws NvmlException {
        fail("nvmlInit_v2", -1);
        inits++;
        return new NvmlSession() {
            @Override
            public String driverVersion() {
                return "550.54.15";
            }

            @Override
            public int cudaDriverVersion() {
                return 12040;
            }

            @Override
            public int deviceCount() throws NvmlException {
                fail("nvmlDeviceGetCount_v2", -1);
                return gpus.size();
            }

            @Override
            public NvmlHandle handleByIndex(int index) throws NvmlException {
                fail("nvmlDeviceGetHandleByIndex_v2", index);
                return new H(index, -1);
            }

            private Gpu gpu(NvmlHandle h) {
                return gpus.get(((H) h).gpu());
            }

            private Mig mig(NvmlHandle h) {
                H handle = (H) h;
                return gpu(h).migs().stream()
                        .filter(m -> m.slot() == handle.slot())
                        .findFirst()
                        .orElseThrow();
            }

            @Override
            public String name(NvmlHandle h) {
                return ((H) h).slot() < 0 ? gpu(h).name() : mig(h).name();
            }

            @Override
            public String uuid(NvmlHandle h) {
                return ((H) h).slot() < 0 ? gpu(h).uuid() : mig(h).uuid();
            }

            @Override
            public String pciBusId(NvmlHandle h) {
                return "00000000:18:00.0";
            }

            @Override
            public NvmlMemory memoryV2(NvmlHandle h) throws NvmlException {
                fail("nvmlDeviceGetMemoryInfo_v2", ((H) h).gpu());
                return ((H) h).slot() < 0 ? gpu(h).memory() : mig(h).memory();
            }

            @Override
            public NvmlMemory memoryV1(NvmlHandle h) throws NvmlException {
                fail("nvmlDeviceGetMemoryInfo", ((H) h).gpu());
                NvmlMemory m = ((H) h).slot() < 0 ? gpu(h).memory() : mig(h).memory();
                long reserved = m.reserved() == null ? 0 : m.reserved();
                return new NvmlMemory(m.total(), null, m.free(), m.used() + reserved, 1);
            }

            @Override
            public int[] computeCapability(NvmlHandle h) {
                return new int[] {9, 0};
            }

            @Override
            public boolean migEnabled(NvmlHandle h) {
                return !gpu(h).migs().isEmpty();
            }

            @Override
            public int maxMigDeviceCount(NvmlHandle h) {
                return gpu(h).migs().isEmpty() ? 0 : 7;
            }

            @Override
            public NvmlHandle migHandleByIndex(NvmlHandle parent, int index) throws NvmlException {
                boolean exists = gpu(parent).migs().stream().anyMatch(m -> m.slot() == index);
                if (!exists) {
                    throw new NvmlException(NvmlReturn.ERROR_NOT_FOUND, "nvmlDeviceGetMigDeviceHandleByIndex");
                }
                return new H(((H) parent).gpu(), index);
            }

            private String key(NvmlHandle h) {
                H handle = (H) h;
                return handle.slot() < 0 ? Integer.toString(handle.gpu()) : handle.gpu() + "/mig:" + handle.slot();
            }

            @Override
            public List<NvmlProcess> computeProcesses(NvmlHandle h) throws NvmlException {
                fail("nvmlDeviceGetComputeRunningProcesses_v3", ((H) h).gpu());
                return compute.getOrDefault(key(h), List.of());
            }

            @Override
            public List<NvmlProcess> graphicsProcesses(NvmlHandle h) throws NvmlException {
                fail("nvmlDeviceGetGraphicsRunningProcesses_v3", ((H) h).gpu());
                return graphics.getOrDefault(key(h), List.of());
            }

            @Override
            public String processName(long pid) throws NvmlException {
                String name = driverNames.get(pid);
                if (name == null) {
                    throw new NvmlException(NvmlReturn.ERROR_NOT_FOUND, "nvmlSystemGetProcessName");
                }
                return name;
            }

            @Override
            public void close() {
                shutdowns++;
            }
        };
    }
}
