package dev.gpufit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.validate.CaseResult;
import dev.gpufit.validate.Check;
import java.util.List;

/** The {@code gpufit/validate/v1} JSON object: cases, their checks, and a summary. */
public final class ValidationJson {
    public static final String SCHEMA = "gpufit/validate/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ValidationJson() {}

    public static ObjectNode toNode(List<CaseResult> results, String source) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("source", source);
        ArrayNode cases = root.putArray("cases");
        for (CaseResult r : results) {
            ObjectNode o = cases.addObject();
            o.put("id", r.id());
            o.put("profile", r.profile());
            o.put("model", r.model());
            if (r.excluded() != null) {
                o.put("excluded", r.excluded());
            }
            ArrayNode checks = o.putArray("checks");
            for (Check c : r.checks()) {
                ObjectNode k = checks.addObject();
                k.put("term", c.term());
                k.put("unit", c.unit());
                num(k, "logged", c, c.logged());
                if (Double.isNaN(c.estimated())) {
                    k.putNull("estimated");
                } else {
                    num(k, "estimated", c, c.estimated());
                    k.put("error_pct", round(c.errorPct()));
                }
                if (c.seed() != null) {
                    num(k, "seed", c, c.seed());
                    k.put("seed_error_pct", round(c.seedErrorPct()));
                }
                if (c.boundPct() != null) {
                    k.put("bound_pct", c.boundPct());
                }
                if (c.within() != null) {
                    k.put("within", c.within());
                }
                if (c.excluded() != null) {
                    k.put("excluded", c.excluded());
                }
                if (c.note() != null) {
                    k.put("note", c.note());
                }
            }
            ArrayNode notes = o.putArray("notes");
            r.notes().forEach(notes::add);
        }
        ValidationTable.Summary s = ValidationTable.Summary.of(results);
        ObjectNode sum = root.putObject("summary");
        sum.put("cases", results.size());
        sum.put("run", s.run());
        sum.put("excluded_cases", s.excludedCases());
        sum.put("bounded_checks", s.bounded());
        sum.put("within", s.within());
        sum.put("outside", s.outside());
        sum.put("excluded_checks", s.excludedChecks());
        sum.put("all_within_bounds", s.outside() == 0);
        return root;
    }

    /** Bytes and tokens as whole numbers, ratios as printed. */
    private static void num(ObjectNode k, String key, Check c, double v) {
        if ("ratio".equals(c.unit())) {
            k.put(key, v);
        } else {
            k.put(key, Math.round(v));
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    public static String toJson(ObjectNode node) {
        return EstimateJson.toJson(node);
    }
}
