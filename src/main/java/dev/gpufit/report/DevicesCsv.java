package dev.gpufit.report;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;

/** One CSV row per device, bytes unrounded; warnings are not part of the CSV (see stderr/JSON). */
public final class DevicesCsv {
    private DevicesCsv() {}

    public static String render(DeviceInventory inv) {
        StringBuilder out = new StringBuilder(
                "index,id,vendor,name,uuid,kind,total_bytes,free_bytes,usable_bytes,reserved_bytes,usable_source\n");
        for (Device d : inv.devices()) {
            out.append(d.index())
                    .append(',')
                    .append(Csv.cell(d.id()))
                    .append(',')
                    .append(Csv.cell(d.vendor() == null ? null : d.vendor().jsonName()))
                    .append(',')
                    .append(Csv.cell(d.name()))
                    .append(',')
                    .append(Csv.cell(d.uuid()))
                    .append(',')
                    .append(d.kind().jsonName())
                    .append(',')
                    .append(d.totalBytes())
                    .append(',')
                    .append(d.freeBytes() == null ? "" : d.freeBytes())
                    .append(',')
                    .append(d.usableBytes())
                    .append(',')
                    .append(d.reservedBytes() == null ? "" : d.reservedBytes())
                    .append(',')
                    .append(Csv.cell(d.usableSource()))
                    .append('\n');
        }
        return out.toString();
    }
}
