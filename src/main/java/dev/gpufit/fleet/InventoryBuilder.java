package dev.gpufit.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public final class InventoryBuilder {
    private InventoryBuilder() {}

    public static Inventory build(List<HostReport> reports, List<SourceFailure> failures, FleetJudge judge) {
        List<Inventory.Duplicate> duplicates = new ArrayList<>();
        List<HostReport> used = dedupe(reports, judge, duplicates);
        return new Inventory(used, totals(used), judge == null ? null : rank(used, judge), failures, duplicates);
    }

    /** One report per host; the ones left out are added to {@code duplicates}, in source order. */
    static List<HostReport> dedupe(List<HostReport> reports, FleetJudge judge, List<Inventory.Duplicate> duplicates) {
        Map<String, List<Integer>> byHost = new LinkedHashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            byHost.computeIfAbsent(reports.get(i).host(), k -> new ArrayList<>())
                    .add(i);
        }
        String[] keptInstead = new String[reports.size()];
        for (List<Integer> same : byHost.values()) {
            if (same.size() < 2) {
                continue;
            }
            List<Integer> order = new ArrayList<>(same);
            order.sort(Comparator.comparingInt((Integer i) -> -preference(reports.get(i), judge))
                    .thenComparingInt(i -> i));
            List<Integer> kept = new ArrayList<>();
            for (int i : order) {
                Set<String> uuids = uuids(reports.get(i));
                for (int k : kept) {
                    if (!java.util.Collections.disjoint(uuids, uuids(reports.get(k)))) {
                        keptInstead[i] = reports.get(k).source();
                        break;
                    }
                }
                if (keptInstead[i] == null) {
                    kept.add(i);
                }
            }
        }
        List<HostReport> used = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            HostReport r = reports.get(i);
            if (keptInstead[i] == null) {
                used.add(r);
            } else {
                duplicates.add(new Inventory.Duplicate(r.source(), r.host(), keptInstead[i]));
            }
        }
        return used;
    }

    private static int preference(HostReport r, FleetJudge judge) {
        return (judge != null && answersTheQuestion(r, judge) ? 4 : 0)
                + (r.fromAgent() ? 2 : 0)
                + (r.isFitReport() ? 0 : 1);
    }

    private static Set<String> uuids(HostReport r) {
        Set<String> out = new HashSet<>();
        for (FleetDevice d : r.devices()) {
            if (!d.uuid().isBlank()) {
                out.add(d.uuid());
            }
        }
        return out;
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

    static Inventory.FitRanking rank(List<HostReport> reports, FleetJudge judge) {
        List<Inventory.FitRow> rows = new ArrayList<>();
        List<HostReport> toJudgeHosts = new ArrayList<>();
        List<FleetDevice> toJudge = new ArrayList<>();
        for (HostReport r : reports) {
            if (answersTheQuestion(r, judge)) {
                for (FleetDevice d : r.devices()) {
                    if (d.verdict() != null && !r.isMigParent(d)) {
                        rows.add(new Inventory.FitRow(r.host(), r.source(), d, d.verdict(), "report"));
                    }
                }
                continue;
            }
            // as gpufit fit selects by default: the GPUs but not MIG-enabled ones (their instances
            // are judged), else host RAM
            List<FleetDevice> gpus = r.devices().stream()
                    .filter(d -> !d.isHostRam() && !r.isMigParent(d))
                    .toList();
            for (FleetDevice d : gpus.isEmpty() ? r.devices() : gpus) {
                toJudgeHosts.add(r);
                toJudge.add(d);
            }
        }
        if (!toJudge.isEmpty()) {
            List<DeviceVerdict> verdicts = judge.judge(toJudge);
            for (int i = 0; i < toJudge.size(); i++) {
                HostReport r = toJudgeHosts.get(i);
                rows.add(new Inventory.FitRow(r.host(), r.source(), toJudge.get(i), verdicts.get(i), "judged"));
            }
        }
        rows.sort(Comparator.comparingLong((Inventory.FitRow f) -> f.verdict().headroomBytes())
                .reversed()
                .thenComparing(Inventory.FitRow::host)
                .thenComparing(f -> f.device().indexLabel()));
        Set<String> hosts = new HashSet<>();
        int devices = 0;
        for (Inventory.FitRow f : rows) {
            if (f.verdict().fits()) {
                devices++;
                hosts.add(f.host() + "\u0000" + f.source());
            }
        }
        return new Inventory.FitRanking(judge.model(), judge.context(), rows, hosts.size(), devices);
    }

    private static boolean answersTheQuestion(HostReport r, FleetJudge judge) {
        return r.isFitReport()
                && r.fitModel().equals(judge.model())
                && (judge.context() == null || Objects.equals(judge.context(), r.fitContext()));
    }
}
