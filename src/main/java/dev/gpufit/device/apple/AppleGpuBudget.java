package dev.gpufit.device.apple;

import java.util.OptionalLong;

/**
 * How much of an Apple Silicon Mac's unified memory the GPU may use, and where that figure
 * came from. Order: Metal's recommendedMaxWorkingSetSize (it already reflects a wired-limit
 * override), else a non-zero {@code iogpu.wired_limit_mb} (macOS 14+, MiB) or
 * {@code debug.iogpu.wired_limit} (macOS 13, bytes), else the historical default fraction:
 * 2/3 of RAM up to 36 GiB, 3/4 above (recorded: 32 GiB -> 21845.34 MiB, 64 GiB -> 49152 MiB;
 * docs/probing.md#metal-working-set). Recent macOS grants 81-84% on large Macs, so the fraction is a floor.
 *
 * @param bytes  GPU-usable bytes
 * @param source label for the report
 */
public record AppleGpuBudget(long bytes, String source) {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    /** Up to this much RAM the default share is 2/3, above it 3/4 (observed, not documented). */
    private static final long SMALL_RAM = 36 * GIB;

    public static AppleGpuBudget of(long memsize, OptionalLong metalWorkingSet, Sysctl sysctl) {
        if (metalWorkingSet.isPresent() && metalWorkingSet.getAsLong() > 0) {
            return new AppleGpuBudget(metalWorkingSet.getAsLong(), "Metal recommendedMaxWorkingSetSize");
        }
        OptionalLong mb = sysctl.number("iogpu.wired_limit_mb");
        if (mb.isPresent() && mb.getAsLong() > 0) {
            return new AppleGpuBudget(Math.min(memsize, mb.getAsLong() * MIB), "sysctl iogpu.wired_limit_mb");
        }
        OptionalLong bytes = sysctl.number("debug.iogpu.wired_limit");
        if (bytes.isPresent() && bytes.getAsLong() > 0) {
            return new AppleGpuBudget(Math.min(memsize, bytes.getAsLong()), "sysctl debug.iogpu.wired_limit");
        }
        return new AppleGpuBudget(
                defaultBytes(memsize),
                "default " + defaultFraction(memsize) + " of RAM (macOS default; Metal not read)");
    }

    /**
     * The default share of {@code memsize} bytes of RAM the GPU may use, rounded down:
     * {@code floor(memsize x 2/3)} up to 36 GiB, {@code floor(memsize x 3/4)} above. The probe
     * falls back to it and the device catalog sizes Apple entries with it.
     */
    public static long defaultBytes(long memsize) {
        if (memsize <= SMALL_RAM) {
            return memsize / 3 * 2 + (memsize % 3) * 2 / 3;
        }
        return memsize / 4 * 3 + (memsize % 4) * 3 / 4;
    }

    /** "2/3" or "3/4": the fraction {@link #defaultBytes} takes, for labels. */
    public static String defaultFraction(long memsize) {
        return memsize <= SMALL_RAM ? "2/3" : "3/4";
    }
}
