package dev.gpufit.fleet;

import java.util.List;

/**
 * The merged answer of {@code gpufit fleet}.
 *
 * @param hosts    reports read, in source order
 * @param totals   per device model (name): how many, on how many hosts, how much memory
 * @param fit      with {@code --model}: every judged device, most headroom first; else {@code null}
 * @param failures sources or documents that could not be read, with the reason
 */
public record Inventory(List<HostReport> hosts, List<ModelTotal> totals, FitRanking fit, List<SourceFailure> failures) {

    /**
     * @param name        device model, e.g. "NVIDIA H100 80GB HBM3"
     * @param devices     how many
     * @param hosts       on how many hosts
     * @param totalBytes  summed total memory
     * @param freeBytes   summed free memory (devices that report it)
     * @param usableBytes summed usable memory
     */
    public record ModelTotal(String name, int devices, int hosts, long totalBytes, long freeBytes, long usableBytes) {}

    /**
     * @param host    host name
     * @param source  where the report came from
     * @param device  the device
     * @param verdict the judgement
     * @param basis   "report" when the host's own fit report said so, "judged" when computed here
     */
    public record FitRow(String host, String source, FleetDevice device, DeviceVerdict verdict, String basis) {}

    /**
     * @param model          as asked
     * @param context        as asked, {@code null} for the default
     * @param rows           most headroom first
     * @param hostsFitting   hosts with at least one device that fits
     * @param devicesFitting devices that fit
     */
    public record FitRanking(String model, Long context, List<FitRow> rows, int hostsFitting, int devicesFitting) {}

    public int reportsRead() {
        return hosts.size();
    }
}
