package dev.gpufit.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One report per host: two reports with the same host name that share a GPU UUID describe one
 * host, and the one that answers the question asked, then a live one, then a devices report, then
 * the first given is kept (see {@link InventoryBuilder}).
 */
final class DuplicateReports {
    private DuplicateReports() {}

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
        return (judge != null && FitRanking.answersTheQuestion(r, judge) ? 4 : 0)
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
}
