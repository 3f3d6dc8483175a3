package dev.gpufit.device.nvml;

/**
 * An NVML call that did not return {@code NVML_SUCCESS}. Thrown inside the binding and the
 * probe; the probe turns it into a warning at its boundary, so it never reaches the user as
 * an exception.
 */
public final class NvmlException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String call;

    public NvmlException(int code, String call) {
        super(call + " returned " + code + " (" + NvmlReturn.of(code).cName() + ")");
        this.code = code;
        this.call = call;
    }

    public NvmlException(NvmlReturn ret, String call) {
        this(ret.code(), call);
    }

    /** The raw nvmlReturn_t, kept even when {@link #ret()} is UNRECOGNIZED. */
    public int code() {
        return code;
    }

    public NvmlReturn ret() {
        return NvmlReturn.of(code);
    }

    /** The NVML symbol that failed, e.g. "nvmlDeviceGetMemoryInfo_v2". */
    public String call() {
        return call;
    }

    /** One line for a person: the advice for the code, then the call and code for bug reports. */
    public String describe() {
        NvmlReturn r = ret();
        String name = r == NvmlReturn.UNRECOGNIZED ? "code " + code : r.cName() + " = " + code;
        return r.advice() + " [" + call + ": " + name + "]";
    }
}
