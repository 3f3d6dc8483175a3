package dev.gpufit.device.nvml;

import java.util.Locale;

/**
 * Every {@code nvmlReturn_t} of nvml.h (API 13), usable without the library: the probe turns
 * codes into messages even when the failure was that NVML could not be loaded. Codes this
 * build does not know map to {@link #UNRECOGNIZED}, and the number is kept by the caller.
 */
public enum NvmlReturn {
    SUCCESS(0, "success"),
    ERROR_UNINITIALIZED(1, "NVML was not initialized (a bug in gpufit)"),
    ERROR_INVALID_ARGUMENT(2, "invalid argument (a bug in gpufit, or a driver quirk)"),
    ERROR_NOT_SUPPORTED(3, "not supported on this device"),
    ERROR_NO_PERMISSION(
            4,
            "no permission to query this GPU: check the permissions of /dev/nvidia*"
                    + " or the container's device list"),
    ERROR_ALREADY_INITIALIZED(5, "already initialized"),
    ERROR_NOT_FOUND(6, "not found"),
    ERROR_INSUFFICIENT_SIZE(7, "buffer too small"),
    ERROR_INSUFFICIENT_POWER(8, "insufficient power: check the GPU's external power cables"),
    ERROR_DRIVER_NOT_LOADED(
            9, "the NVIDIA kernel driver is not loaded: load it (modprobe nvidia)" + " or reinstall the driver"),
    ERROR_TIMEOUT(10, "timed out"),
    ERROR_IRQ_ISSUE(11, "the kernel driver reports an interrupt problem with this GPU"),
    ERROR_LIBRARY_NOT_FOUND(12, "NVML library (or libcuda) not found"),
    ERROR_FUNCTION_NOT_FOUND(13, "this driver's NVML lacks the function (driver too old)"),
    ERROR_CORRUPTED_INFOROM(14, "the GPU's infoROM is corrupted"),
    ERROR_GPU_IS_LOST(
            15,
            "this GPU is lost (fell off the bus or is otherwise inaccessible):"
                    + " it needs a reset or a reboot; the other GPUs are still reported"),
    ERROR_RESET_REQUIRED(16, "this GPU needs a reset"),
    ERROR_OPERATING_SYSTEM(17, "the operating system or a cgroup blocks access to this GPU"),
    ERROR_LIB_RM_VERSION_MISMATCH(
            18,
            "driver/library version mismatch: the driver was updated,"
                    + " reboot (or reload the nvidia kernel modules)"),
    ERROR_IN_USE(19, "in use"),
    ERROR_MEMORY(20, "NVML ran out of memory"),
    ERROR_NO_DATA(21, "no data"),
    ERROR_VGPU_ECC_NOT_SUPPORTED(22, "ECC not supported on this vGPU"),
    ERROR_INSUFFICIENT_RESOURCES(23, "insufficient resources"),
    ERROR_FREQ_NOT_SUPPORTED(24, "frequency not supported"),
    ERROR_ARGUMENT_VERSION_MISMATCH(25, "struct version not supported by this driver"),
    ERROR_DEPRECATED(26, "deprecated"),
    ERROR_NOT_READY(27, "not ready"),
    ERROR_GPU_NOT_FOUND(28, "no GPUs were found"),
    ERROR_INVALID_STATE(29, "invalid state"),
    ERROR_RESET_TYPE_NOT_SUPPORTED(30, "reset type not supported"),
    ERROR_UNKNOWN(999, "unknown internal driver error"),
    /** A code newer than this build; the raw number is carried by {@link NvmlException#code()}. */
    UNRECOGNIZED(-1, "unrecognized NVML return code");

    private final int code;
    private final String advice;

    NvmlReturn(int code, String advice) {
        this.code = code;
        this.advice = advice;
    }

    public int code() {
        return code;
    }

    /** What the code means for a person, and what to do about it. */
    public String advice() {
        return advice;
    }

    /** The C name, e.g. "NVML_ERROR_GPU_IS_LOST". */
    public String cName() {
        return "NVML_" + name().toUpperCase(Locale.ROOT);
    }

    public static NvmlReturn of(int code) {
        for (NvmlReturn r : values()) {
            if (r.code == code && r != UNRECOGNIZED) {
                return r;
            }
        }
        return UNRECOGNIZED;
    }
}
