package dev.gpufit.device.host;

import dev.gpufit.device.HostMemory;

/**
 * Parsers for Linux {@code /proc/meminfo} and {@code /proc/cpuinfo}, giving what OSHI gives for
 * them (same fields, same fallback), so that Linux needs no OSHI start-up (tens of milliseconds
 * of class loading, a JNA binding and SLF4J) for two numbers and a name. Pure: text in, values out.
 */
final class ProcFiles {
    private ProcFiles() {}

    /**
     * Total and available RAM from /proc/meminfo: MemTotal and MemAvailable, or, on kernels before
     * 3.14 (no MemAvailable), MemFree + Active(file) + Inactive(file) + SReclaimable, as OSHI does.
     *
     * @return {@code null} when MemTotal is missing or a value does not parse
     */
    static HostMemory meminfo(String text) {
        long total = -1;
        long available = -1;
        long free = 0;
        long activeFile = 0;
        long inactiveFile = 0;
        long reclaimable = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            switch (key) {
                case "MemTotal", "MemAvailable", "MemFree", "Active(file)", "Inactive(file)", "SReclaimable" -> {
                    long bytes = bytes(line.substring(colon + 1));
                    if (bytes < 0) {
                        return null;
                    }
                    switch (key) {
                        case "MemTotal" -> total = bytes;
                        case "MemAvailable" -> available = bytes;
                        case "MemFree" -> free = bytes;
                        case "Active(file)" -> activeFile = bytes;
                        case "Inactive(file)" -> inactiveFile = bytes;
                        default -> reclaimable = bytes;
                    }
                }
                default -> {}
            }
        }
        if (total < 0) {
            return null;
        }
        return new HostMemory(total, available >= 0 ? available : free + activeFile + inactiveFile + reclaimable);
    }

    /** "16384256 kB" to bytes (kB is KiB in /proc); -1 when it does not parse. */
    private static long bytes(String value) {
        String[] parts = value.strip().split("\\s+");
        try {
            long n = Long.parseLong(parts[0]);
            if (parts.length == 1) {
                return n;
            }
            return switch (parts[1]) {
                case "kB", "KB" -> n * 1024;
                case "MB" -> n * 1024 * 1024;
                case "GB" -> n * 1024 * 1024 * 1024;
                default -> -1;
            };
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The "model name" of /proc/cpuinfo (x86, and arm64 kernels that print one); {@code null}
     * when there is none, e.g. most arm64 kernels, where OSHI derives a name another way.
     */
    static String cpuModelName(String text) {
        String name = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
                String v = line.substring(colon + 1).strip();
                if (!v.isEmpty()) {
                    name = v; // the last one, as OSHI reads them all
                }
            }
        }
        return name;
    }
}
