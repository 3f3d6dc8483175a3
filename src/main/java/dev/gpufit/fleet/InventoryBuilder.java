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
 * as {@code gpufit fit} selects by default.
 */
public final class InventoryBuilder {
    private InventoryBuilder() {}

    public static Inventory build(List<HostReport> reports, List<SourceFailure> failures, FleetJudge judge) {
        return new Inventory(reports, totals(reports), judge == null ? null : rank(reports, judge), failures);
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
                Acc a = byName.computeIfAbsent(d.name(), k -> new Acc());
                a.devices++;
                a.hosts.add(r.host() + "\u0000" + r.source());
                a.total += d.totalBytes();
                a.free += d.freeBytes() == null ? 0 : d.freeBytes();
                a.usable += d.usableBytes();
            }
        }
        List<Inventory.ModelTotal> out = new ArrayList<>();
        byName.forEach((name, a) -> out.add(new Inventory.ModelTotal(name, a.devices, a.hosts.size(), a.total, a.free, a.usable)));
        out.sort(Comparator.comparingLong(Inventory.ModelTotal::totalBytes).reversed()
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
                    if (d.verdict() != null) {
                        rows.add(new Inventory.FitRow(r.host(), r.source(), d, d.verdict(), "report"));
                    }
                }
                continue;
            }
            List<FleetDevice> gpus = r.devices().stream().filter(d -> !d.isHostRam()).toList();
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
        rows.sort(Comparator.comparingLong((Inventory.FitRow f) -> f.verdict().headroomBytes()).reversed()
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
        return r.isFitReport() && r.fitModel().equals(judge.model())
                && (judge.context() == null || Objects.equals(judge.context(), r.fitContext()));
    }
}
