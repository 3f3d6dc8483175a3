package dev.gpufit.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The fleet's devices ranked by headroom for one model: a host's own fit report taken as is when it
 * judged that model, every other host's default devices judged by the {@link FleetJudge}.
 */
final class FitRanking {
    private FitRanking() {}

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

    /** Whether the host's own fit report judged the model (and the context, when one is asked). */
    static boolean answersTheQuestion(HostReport r, FleetJudge judge) {
        return r.isFitReport()
                && r.fitModel().equals(judge.model())
                && (judge.context() == null || Objects.equals(judge.context(), r.fitContext()));
    }
}
