package dev.gpufit.device.nvml;

/**
 * One entry of NVML's running-process lists ({@code nvmlProcessInfo_t}), decoded.
 *
 * @param pid       the process id ({@code unsigned int} in C, so read unsigned)
 * @param usedBytes {@code usedGpuMemory}, {@code null} when NVML reports NVML_VALUE_NOT_AVAILABLE
 */
public record NvmlProcess(long pid, Long usedBytes) {
    /**
     * nvml.h's {@code NVML_VALUE_NOT_AVAILABLE} is {@code (-1)}; in the {@code unsigned long long}
     * usedGpuMemory that is 0xFFFFFFFFFFFFFFFF (gen/nvml/nvml.h in github.com/NVIDIA/go-nvml).
     */
    public static final long VALUE_NOT_AVAILABLE = 0xFFFFFFFFFFFFFFFFL;

    /** From the raw C fields: pid as unsigned, the not-available marker as unknown. */
    public static NvmlProcess of(int rawPid, long rawUsed) {
        return new NvmlProcess(Integer.toUnsignedLong(rawPid), rawUsed == VALUE_NOT_AVAILABLE ? null : rawUsed);
    }
}
