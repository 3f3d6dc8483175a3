package dev.gpufit;

import java.util.Locale;

/**
 * Human-readable byte figures, shared by the packages that explain a figure in words (fit's
 * reasons, report's tables) so neither depends on the other for it. GiB and MiB are binary
 * (2^30, 2^20), like nvidia-smi's MiB.
 */
public final class Bytes {
    public static final long KIB = 1024L;
    public static final long MIB = 1024L * KIB;
    public static final long GIB = 1024L * MIB;

    private Bytes() {}

    /** e.g. 16402653184 -> "15.28 GiB"; under 1 GiB in MiB. */
    public static String human(long bytes) {
        long abs = Math.abs(bytes);
        if (abs >= GIB) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) GIB);
        }
        if (abs >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        if (abs >= KIB) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) KIB);
        }
        return bytes + " B";
    }

    /** Always in GiB with two decimals, e.g. "15.28". */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (double) GIB);
    }

    /**
     * The one byte format of gpufit's tables (devices, fit, plan): GiB with two decimals and the
     * unit, e.g. "23.17 GiB", whatever the size, so that figures compare at a glance.
     */
    public static String gibText(long bytes) {
        return gib(bytes) + " GiB";
    }

    /** Always in MiB, rounded down like nvidia-smi, e.g. "81559". */
    public static String mib(long bytes) {
        return Long.toString(Math.floorDiv(bytes, MIB));
    }

    /** Digits grouped by commas: 19402653184 -> "19,402,653,184". */
    public static String grouped(long bytes) {
        return String.format(Locale.ROOT, "%,d", bytes);
    }
}
