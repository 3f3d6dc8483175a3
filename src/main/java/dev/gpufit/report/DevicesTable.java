package dev.gpufit.report;

import dev.gpufit.Bytes;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.GpuProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * `gpufit devices` as a table: total, free and usable memory in GiB ({@link Bytes#gibText}), what usable
 * was derived from, a line under a GPU for each process holding its memory, then hidden devices
 * below the table. The warnings go to stderr ({@link WarningLines}).
 */
public final class DevicesTable {
    private static final String[] HEADER = {"IDX", "ID", "NAME", "KIND", "TOTAL", "FREE", "USABLE", "USABLE FROM"};
    private static final boolean[] RIGHT = {true, false, false, false, true, true, true, false};

    private DevicesTable() {}

    public static String render(DeviceInventory inv) {
        StringBuilder out = new StringBuilder();
        var h = inv.host();
        out.append("host: ")
                .append(h.hostname() == null ? "?" : h.hostname())
                .append(" (")
                .append(h.os())
                .append(' ')
                .append(h.arch())
                .append(')');
        if (h.nvidiaDriverVersion() != null) {
            out.append(", NVIDIA driver ").append(h.nvidiaDriverVersion());
        }
        out.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Device d : inv.devices()) {
            rows.add(row(d));
        }
        StringBuilder table = new StringBuilder();
        appendTable(table, rows);
        String[] lines = table.toString().split("\n", -1);
        out.append(lines[0]).append('\n');
        for (int i = 0; i < inv.devices().size(); i++) {
            out.append(lines[i + 1]).append('\n');
            appendProcesses(out, inv.devices().get(i));
        }
        if (inv.devices().isEmpty()) {
            out.append("(no devices)\n");
        }
        if (!inv.hidden().isEmpty()) {
            out.append('\n').append("hidden by CUDA_VISIBLE_DEVICES:\n");
            for (Device d : inv.hidden()) {
                out.append("  ")
                        .append(d.id())
                        .append("  ")
                        .append(d.name())
                        .append(d.uuid() == null ? "" : "  " + d.uuid())
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** "      PID 4121 python3 70.10 GiB" per process; a line saying why when they are unknown. */
    static void appendProcesses(StringBuilder out, Device d) {
        String indent = "      ";
        if (d.processes() == null) {
            for (String n : d.notes()) {
                if (n.startsWith(GpuProcess.UNKNOWN_NOTE_PREFIX)) {
                    out.append(indent).append(n).append('\n');
                }
            }
            return;
        }
        for (GpuProcess p : d.processes()) {
            out.append(indent)
                    .append("PID ")
                    .append(p.pid())
                    .append(' ')
                    .append(p.name() == null ? "?" : p.name())
                    .append(' ')
                    .append(p.usedBytes() == null ? "memory unknown" : Bytes.gibText(p.usedBytes()))
                    .append(
                            p.type() == GpuProcess.Type.COMPUTE
                                    ? ""
                                    : " (" + p.type().jsonName() + ")")
                    .append('\n');
        }
    }

    private static String[] row(Device d) {
        return new String[] {
            Integer.toString(d.index()),
            d.id(),
            d.name() == null ? "?" : d.name(),
            d.kind().jsonName(),
            Bytes.gibText(d.totalBytes()),
            d.freeBytes() == null ? "?" : Bytes.gibText(d.freeBytes()),
            Bytes.gibText(d.usableBytes()),
            d.usableSource() == null ? "" : d.usableSource()
        };
    }

    static void appendTable(StringBuilder out, List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String cell = r[i];
                String pad = " ".repeat(width[i] - cell.length());
                line.append(RIGHT[i] ? pad + cell : cell + (i == r.length - 1 ? "" : pad));
                if (i < r.length - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
