package dev.gpufit.device.nvml;

/**
 * Memory of one GPU or MIG instance as NVML reports it, in bytes.
 *
 * @param total    nvidia-smi "Total"
 * @param reserved reserved by driver/firmware; {@code null} from the v1 call, which folds it into used
 * @param free     unallocated
 * @param used     v2: allocated; v1: allocated + reserved
 * @param version  1 or 2: which call produced the figures
 */
public record NvmlMemory(long total, Long reserved, long free, long used, int version) {}
