package dev.gpufit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.fit.PlanResult;
import dev.gpufit.model.ModelSpec;
import java.util.List;

/** The {@code gpufit/plan/v1} document. */
public final class PlanJson {
    public static final String SCHEMA = "gpufit/plan/v1";

    private PlanJson() {}

    public static ObjectNode toNode(ModelSpec spec, PlanResult p, List<String> warnings, Surface surface) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schema", SCHEMA);
        root.put("model", spec.id());
        EstimateJson.approximate(root, spec);
        ObjectNode device = DevicesJson.device(p.device());
        device.put("budget_bytes", p.budget().bytes());
        device.put("budget_source", p.budget().source());
        root.set("device", device);
        root.put("batch", p.workload().batch());
        root.put("context", p.workload().context());
        root.put("largest_context", p.largestContext());
        root.put("largest_batch", p.largestBatch());
        ArrayNode contexts = root.putArray("contexts");
        p.contexts().forEach(contexts::add);
        ArrayNode grid = root.putArray("grid");
        for (PlanResult.Row row : p.rows()) {
            ObjectNode r = grid.addObject();
            r.put("weight_dtype", row.dtype());
            r.put("largest_context", row.largestContext());
            ArrayNode cells = r.putArray("cells");
            for (int i = 0; i < p.contexts().size(); i++) {
                ObjectNode c = cells.addObject();
                c.put("context", p.contexts().get(i));
                c.put("needed_bytes", row.neededBytes().get(i));
                c.put("model_bytes", row.modelBytes().get(i));
                c.put("verdict", row.verdicts().get(i).jsonName());
            }
        }
        ArrayNode notes = root.putArray("notes");
        NoteText.render(p.notes(), surface).forEach(notes::add);
        ArrayNode warn = root.putArray("warnings");
        warnings.forEach(warn::add);
        return root;
    }
}
