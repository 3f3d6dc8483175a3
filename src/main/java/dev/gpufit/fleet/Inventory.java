package dev.gpufit.fleet;

import java.util.List;

/**
 * The merged answer of {@code gpufit fleet}.
 *
 * @param hosts      reports used, in source order (one per host: see {@code duplicates})
 * @param totals     per device model (name): how many, on how many hosts, how much memory;
 *                   MIG-enabled GPUs are not counted, their MIG instances are
 * @param fit        with {@code --model}: every judged device, most headroom first; else {@code null}
 * @param failures   sources or documents that could not be read, with the reason
 * @param duplicates reports read but not used: another source described the same host and GPUs
 */
public record Inventory(
        List<HostReport> hosts,
        List<ModelTotal> totals,
        FitRanking fit,
        List<SourceFailure> failures,
        List<Duplicate> duplicates) {

    /**
     * @param source     the report left out
     * @param host       the host it describes
     * @param keptSource the report used instead
     */
    public record Duplicate(String source, String host, String keptSource) {}

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

    /** Reports read, used or not: a duplicate was read too. */
    public int reportsRead() {
        return hosts.size() + duplicates.size();
    }

    /** MIG-enabled GPUs in the reports used: listed per host, never judged nor counted in totals. */
    public int migParents() {
        int n = 0;
        for (HostReport r : hosts) {
            for (FleetDevice d : r.devices()) {
                if (r.isMigParent(d)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Lines that explain the figures, for every output format. */
    public List<String> notes() {
        List<String> notes = new java.util.ArrayList<>();
        int mig = migParents();
        if (mig > 0) {
            notes.add(mig + (mig == 1 ? " GPU has" : " GPUs have") + " MIG enabled: listed per host but neither judged"
                    + " nor counted in the totals; CUDA runs on its MIG instances, which hold that memory and are judged"
                    + " and counted instead");
        }
        if (!duplicates.isEmpty()) {
            notes.add(duplicates.size() + (duplicates.size() == 1 ? " report describes" : " reports describe")
                    + " a host and GPUs another source already gave (same host name and GPU UUIDs): not counted twice");
        }
        return notes;
    }
}
