package dev.gpufit.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The inventory as JSON, schema gpufit/fleet/v1 (snake_case keys, like every gpufit report). */
public final class FleetJson {
    public static final String SCHEMA = "gpufit/fleet/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FleetJson() {}

    public static ObjectNode render(Inventory inv) {
        ObjectNode root = JSON.createObjectNode().put("schema", SCHEMA);
        root.putObject("sources")
                .put("reports_read", inv.reportsRead())
                .put("failed", inv.failures().size())
                .put("duplicates", inv.duplicates().size());
        ArrayNode notes = root.putArray("notes");
        inv.notes().forEach(notes::add);
        ArrayNode hosts = root.putArray("hosts");
        for (HostReport r : inv.hosts()) {
            ObjectNode h = hosts.addObject()
                    .put("host", r.host())
                    .put("source", r.source())
                    .put("report_schema", r.schema())
                    .put("stale", r.stale());
            ArrayNode ds = h.putArray("devices");
            // mig_enabled: listed, but neither judged nor counted in the totals (its instances are)
            r.devices().forEach(d -> ds.add(device(d).put("mig_enabled", r.isMigParent(d))));
        }
        ArrayNode totals = root.putArray("totals");
        for (Inventory.ModelTotal t : inv.totals()) {
            totals.addObject()
                    .put("name", t.name())
                    .put("devices", t.devices())
                    .put("hosts", t.hosts())
                    .put("total_bytes", t.totalBytes())
                    .put("free_bytes", t.freeBytes())
                    .put("usable_bytes", t.usableBytes());
        }
        if (inv.fit() != null) {
            Inventory.FitRanking f = inv.fit();
            ObjectNode fit = root.putObject("fit").put("model", f.model());
            if (f.context() == null) {
                fit.putNull("context");
            } else {
                fit.put("context", f.context());
            }
            fit.put("hosts_fitting", f.hostsFitting()).put("devices_fitting", f.devicesFitting());
            ArrayNode rows = fit.putArray("devices");
            for (Inventory.FitRow row : f.rows()) {
                ObjectNode o = device(row.device());
                o.put("host", row.host())
                        .put("source", row.source())
                        .put("verdict", row.verdict().verdict())
                        .put("fits", row.verdict().fits())
                        .put("headroom_bytes", row.verdict().headroomBytes())
                        .put("basis", row.basis());
                rows.add(o);
            }
        }
        ArrayNode duplicates = root.putArray("duplicates");
        inv.duplicates()
                .forEach(x -> duplicates
                        .addObject()
                        .put("source", x.source())
                        .put("host", x.host())
                        .put("used_instead", x.keptSource()));
        ArrayNode failures = root.putArray("failures");
        inv.failures()
                .forEach(x -> failures.addObject().put("source", x.source()).put("reason", x.reason()));
        return root;
    }

    private static ObjectNode device(FleetDevice d) {
        ObjectNode o = JSON.createObjectNode();
        if (d.index() == null) {
            o.putNull("index");
        } else {
            o.put("index", d.index());
        }
        o.put("uuid", d.uuid())
                .put("name", d.name())
                .put("vendor", d.vendor())
                .put("kind", d.kind())
                .put("total_bytes", d.totalBytes());
        if (d.freeBytes() == null) {
            o.putNull("free_bytes");
        } else {
            o.put("free_bytes", d.freeBytes());
        }
        o.put("usable_bytes", d.usableBytes());
        return o;
    }
}
