package dev.gpufit.fit;

import dev.gpufit.Bytes;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.GpuProcess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Which of a device's processes would have to exit for a model that does not fit to fit.
 *
 * <p>The fewest processes, found largest first: any k processes free at most what the k largest
 * free, and freeing memory never turns a fit into a misfit, so when some k processes would do,
 * the k largest do. Each candidate is judged the way the device was (vLLM's rules included), on
 * the device with that much more free memory.
 *
 * @param processes  the processes whose exit makes it fit, largest first; empty when none would
 * @param freedBytes what they free; when none would do, what all processes of known size free
 * @param possible   whether some exits make it fit
 * @param unsized    processes whose memory NVML does not report, left out of the arithmetic
 */
public record ProcessRelief(List<GpuProcess> processes, long freedBytes, boolean possible, int unsized) {
    private static final Comparator<GpuProcess> LARGEST_FIRST =
            Comparator.comparingLong(GpuProcess::usedBytes).reversed();

    public ProcessRelief {
        processes = List.copyOf(processes);
    }

    /**
     * @param judge judges a device the way the misfit was judged
     * @return {@code null} when exits cannot be weighed: the processes are unknown or hold no known
     *     memory, or the budget is not the device's free memory (--budget total, unified memory,
     *     host RAM)
     */
    static ProcessRelief find(Device d, Budget budget, Function<Device, DeviceFit> judge) {
        if (budget != Budget.FREE
                || d.processes() == null
                || d.freeBytes() == null
                || (d.kind() != DeviceKind.DISCRETE && d.kind() != DeviceKind.MIG)) {
            return null;
        }
        List<GpuProcess> sized = new ArrayList<>();
        for (GpuProcess p : d.processes()) {
            if (p.usedBytes() != null && p.usedBytes() > 0) {
                sized.add(p);
            }
        }
        int unsized =
                (int) d.processes().stream().filter(p -> p.usedBytes() == null).count();
        if (sized.isEmpty()) {
            return null;
        }
        sized.sort(LARGEST_FIRST);
        long freed = 0;
        for (int k = 0; k < sized.size(); k++) {
            freed = Math.addExact(freed, sized.get(k).usedBytes());
            if (judge.apply(withFreed(d, freed)).verdict().fits()) {
                return new ProcessRelief(sized.subList(0, k + 1), freed, true, unsized);
            }
        }
        return new ProcessRelief(List.of(), freed, false, unsized);
    }

    /**
     * The device with {@code bytes} more free (and usable), never more than the driver can hand
     * out: a process's figure may count memory the device's free figure never included.
     */
    static Device withFreed(Device d, long bytes) {
        long reserved = d.reservedBytes() == null ? 0 : d.reservedBytes();
        long free = Math.min(Math.addExact(d.freeBytes(), bytes), d.totalBytes() - reserved);
        long gained = Math.max(0, free - d.freeBytes());
        return new Device(
                d.id(),
                d.index(),
                d.vendor(),
                d.name(),
                d.uuid(),
                d.pciBusId(),
                d.kind(),
                d.totalBytes(),
                d.freeBytes() + gained,
                d.reservedBytes(),
                d.usableBytes() + gained,
                d.computeCapability(),
                d.driverVersion(),
                d.usableSource(),
                d.notes(),
                List.of());
    }

    /**
     * "fits once PID 4121 (python3, 70.10 GiB) exits", "fits once PIDs 4121 (python3, 70.10 GiB)
     * and 977 (Xorg, 1.20 GiB) exit", or, when no exits would do, "fits once processes exit: none
     * (...)".
     */
    public String phrase() {
        String unsizedNote = unsized == 0
                ? ""
                : "; " + unsized + (unsized == 1 ? " process" : " processes") + " of unknown size not counted";
        if (!possible) {
            return "fits once processes exit: none (even if every process on it exited, freeing "
                    + Bytes.human(freedBytes) + ", it would not fit" + unsizedNote + ")";
        }
        StringBuilder s = new StringBuilder(processes.size() == 1 ? "fits once PID " : "fits once PIDs ");
        for (int i = 0; i < processes.size(); i++) {
            if (i > 0) {
                s.append(i == processes.size() - 1 ? (processes.size() > 2 ? ", and " : " and ") : ", ");
            }
            GpuProcess p = processes.get(i);
            s.append(p.pid())
                    .append(" (")
                    .append(p.name() == null ? "" : p.name() + ", ")
                    .append(Bytes.human(p.usedBytes()))
                    .append(')');
        }
        return s.append(processes.size() == 1 ? " exits" : " exit").toString();
    }
}
