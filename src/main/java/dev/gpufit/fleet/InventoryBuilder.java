package dev.gpufit.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges reports into an {@link Inventory}. With a model, a host's fit report is taken as is when
 * it judged that model (same id, and the same context when one is asked); every other host's
 * devices are judged here by the {@link FleetJudge}: its GPUs, or its host RAM when it has none,
 * as {@code gpufit fit} selects by default. MIG-enabled GPUs are skipped like {@code fit} skips
 * them: their instances are judged and counted instead.
 *
 * <p>Two reports with the same host name that share a GPU UUID describe one host (a devices
 * report and a fit report saved on it, or a file and its agent): one is used, the other listed as
 * a duplicate. Which one: first a report that answers the question asked (a fit report for the
 * model and context, an agent's {@code /v1/fit}), then an agent's (live) answer over a file or a
 * stream, then a devices report (every device) over a fit report (only the judged ones), then the
 * one given first. Reports carry no probe time, so "newest" is approximated by "live".
 * Reports without GPU UUIDs (host RAM only) are never merged: a host name alone is not proof.
 * The merging is {@link DuplicateReports}', the ranking {@link FitRanking}'s; the totals by
 * device model are here.
 */
public final class InventoryBuilder {
    private InventoryBuilder() {}

    public static Inventory build(List<HostReport> reports, List<SourceFailure> failures, FleetJudge judge) {
        List<Inventory.Duplicate> duplicates = new ArrayList<>();
        List<HostReport> used = DuplicateReports.dedupe(reports, judge, duplicates);
        return new Inventory(
                used, totals(used), judge == null ? null : FitRanking.rank(used, judge), failures, duplicates);
    }

    static List<Inventory.ModelTotal> totals(List<HostReport> reports) {
        final class Acc {
            int devices;
            final Set<String> hosts = new HashSet<>();
            long total;
            long free;
            long usable;
        }
        Map<String, Acc> byName = new LinkedHashMap<>();
        for (HostReport r : reports) {
            for (FleetDevice d : r.devices()) {
                if (r.isMigParent(d)) {
                    continue; // its memory is its MIG instances', counted as devices of their own
                }
                Acc a = byName.computeIfAbsent(d.name(), k -> new Acc());
                a.devices++;
                a.hosts.add(r.host() + "\u0000" + r.source());
                a.total += d.totalBytes();
                a.free += d.freeBytes() == null ? 0 : d.freeBytes();
                a.usable += d.usableBytes();
            }
        }
        List<Inventory.ModelTotal> out = new ArrayList<>();
        byName.forEach((name, a) ->
                out.add(new Inventory.ModelTotal(name, a.devices, a.hosts.size(), a.total, a.free, a.usable)));
        out.sort(Comparator.comparingLong(Inventory.ModelTotal::totalBytes)
                .reversed()
                .thenComparing(Inventory.ModelTotal::name));
        return out;
    }
}
