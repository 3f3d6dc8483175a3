package dev.gpufit.device.nvml;

import dev.gpufit.device.GpuProcess;
import dev.gpufit.device.ProcessNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds a GPU's memory: NVML's compute and graphics lists merged per PID (a process with
 * both contexts is on both, as nvidia-smi's "C+G"), named, largest first. A refused query
 * (NO_PERMISSION in a container, NOT_SUPPORTED, an old driver) leaves the processes unknown
 * with a note; it never fails the device.
 */
final class NvmlProcessReader {
    private static final Comparator<GpuProcess> LARGEST_FIRST = Comparator.comparing(
                    GpuProcess::usedBytes, Comparator.nullsLast(Comparator.<Long>reverseOrder()))
            .thenComparingLong(GpuProcess::pid);

    private final ProcessNames names;

    NvmlProcessReader(ProcessNames names) {
        this.names = names;
    }

    /**
     * @param notes the device's notes, which gain one line when the processes are unknown
     * @return the processes, largest first; {@code null} when NVML would not list them
     * @throws NvmlException only for a lost GPU, which loses the whole device
     */
    List<GpuProcess> read(NvmlSession s, NvmlHandle h, List<String> notes) throws NvmlException {
        List<NvmlProcess> compute;
        List<NvmlProcess> graphics;
        try {
            compute = s.computeProcesses(h);
            graphics = s.graphicsProcesses(h);
        } catch (NvmlException e) {
            if (e.ret() == NvmlReturn.ERROR_GPU_IS_LOST) {
                throw e;
            }
            notes.add(GpuProcess.UNKNOWN_NOTE_PREFIX + e.describe());
            return null;
        }
        Map<Long, GpuProcess> byPid = new LinkedHashMap<>();
        merge(byPid, compute, GpuProcess.Type.COMPUTE, s);
        merge(byPid, graphics, GpuProcess.Type.GRAPHICS, s);
        List<GpuProcess> out = new ArrayList<>(byPid.values());
        out.sort(LARGEST_FIRST);
        return out;
    }

    private void merge(Map<Long, GpuProcess> byPid, List<NvmlProcess> list, GpuProcess.Type type, NvmlSession s) {
        for (NvmlProcess p : list) {
            GpuProcess seen = byPid.get(p.pid());
            if (seen == null) {
                byPid.put(p.pid(), new GpuProcess(p.pid(), name(p.pid(), s), p.usedBytes(), type));
            } else {
                // one process, one figure for its memory on this device; either list may lack it
                Long used = seen.usedBytes() == null
                        ? p.usedBytes()
                        : p.usedBytes() == null ? seen.usedBytes() : Math.max(seen.usedBytes(), p.usedBytes());
                byPid.put(
                        p.pid(),
                        new GpuProcess(p.pid(), seen.name(), used, seen.type().and(type)));
            }
        }
    }

    /** The process table first; the driver's name (a path, also on Windows) when that has none. */
    private String name(long pid, NvmlSession s) {
        String name = names.nameOf(pid);
        if (name != null) {
            return name;
        }
        try {
            String path = s.processName(pid);
            String base = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
                    .strip();
            return base.isEmpty() ? null : base;
        } catch (NvmlException e) {
            return null; // exited meanwhile, or not ours to see: unnamed, not an error
        }
    }
}
