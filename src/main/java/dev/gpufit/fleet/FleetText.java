package dev.gpufit.fleet;

import dev.gpufit.Bytes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The inventory as aligned tables (for people) and as CSV (one row per device or failure). */
public final class FleetText {
    /** How a MIG-enabled GPU is marked in the inventory: listed, not counted. */
    static final String MIG_PARENT = "MIG enabled: see instances";

    private FleetText() {}

    public static void table(Inventory inv, PrintWriter out) {
        if (inv.fit() == null) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"HOST", "DEV", "NAME", "KIND", "TOTAL", "FREE", "USABLE", ""});
            for (HostReport r : inv.hosts()) {
                if (r.devices().isEmpty()) {
                    rows.add(new String[] {r.host(), "-", "(no devices)", "", "", "", "", r.stale() ? "stale" : ""});
                }
                for (FleetDevice d : r.devices()) {
                    List<String> note = new ArrayList<>();
                    if (r.isMigParent(d)) {
                        note.add(MIG_PARENT);
                    }
                    if (r.stale()) {
                        note.add("stale");
                    }
                    rows.add(new String[] {
                        r.host(),
                        d.indexLabel(),
                        d.name(),
                        d.kind(),
                        Bytes.gibText(d.totalBytes()),
                        d.freeBytes() == null ? "?" : Bytes.gibText(d.freeBytes()),
                        Bytes.gibText(d.usableBytes()),
                        String.join("; ", note)
                    });
                }
            }
            print(rows, out);
        } else {
            Inventory.FitRanking f = inv.fit();
            long judged = f.rows().stream()
                    .map(x -> x.host() + "\u0000" + x.source())
                    .distinct()
                    .count();
            out.println(f.model() + (f.context() == null ? "" : " at context " + f.context()) + ": fits on "
                    + f.devicesFitting() + " of " + f.rows().size() + " devices, " + f.hostsFitting() + " of "
                    + judged + " hosts");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"HOST", "DEV", "NAME", "VERDICT", "HEADROOM", "USABLE", "BASIS"});
            for (Inventory.FitRow row : f.rows()) {
                rows.add(new String[] {
                    row.host(),
                    row.device().indexLabel(),
                    row.device().name(),
                    row.verdict().verdict(),
                    Bytes.gibText(row.verdict().headroomBytes()),
                    Bytes.gibText(row.device().usableBytes()),
                    row.basis()
                });
            }
            print(rows, out);
        }
        out.println();
        out.println("Totals per device model");
        List<String[]> totals = new ArrayList<>();
        totals.add(new String[] {"NAME", "DEVICES", "HOSTS", "TOTAL", "FREE", "USABLE"});
        for (Inventory.ModelTotal t : inv.totals()) {
            totals.add(new String[] {
                t.name(),
                Integer.toString(t.devices()),
                Integer.toString(t.hosts()),
                Bytes.gibText(t.totalBytes()),
                Bytes.gibText(t.freeBytes()),
                Bytes.gibText(t.usableBytes())
            });
        }
        print(totals, out);
        List<String> notes = inv.notes();
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(n -> out.println("Note: " + n + "."));
        }
        if (!inv.duplicates().isEmpty()) {
            out.println();
            out.println("Same host read twice (" + inv.duplicates().size() + ")");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SOURCE", "HOST", "USED INSTEAD"});
            inv.duplicates().forEach(x -> rows.add(new String[] {x.source(), x.host(), x.keptSource()}));
            print(rows, out);
        }
        if (!inv.failures().isEmpty()) {
            out.println();
            out.println("Not read (" + inv.failures().size() + ")");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SOURCE", "REASON"});
            inv.failures().forEach(x -> rows.add(new String[] {x.source(), x.reason()}));
            print(rows, out);
        }
        out.flush();
    }

    public static void csv(Inventory inv, PrintWriter out) {
        if (inv.fit() == null) {
            out.println(
                    "host,source,index,uuid,name,vendor,kind,total_bytes,free_bytes,usable_bytes,stale,mig_enabled,error");
            for (HostReport r : inv.hosts()) {
                for (FleetDevice d : r.devices()) {
                    out.println(String.join(
                            ",",
                            q(r.host()),
                            q(r.source()),
                            d.indexLabel(),
                            q(d.uuid()),
                            q(d.name()),
                            q(d.vendor()),
                            q(d.kind()),
                            Long.toString(d.totalBytes()),
                            d.freeBytes() == null ? "" : d.freeBytes().toString(),
                            Long.toString(d.usableBytes()),
                            Boolean.toString(r.stale()),
                            Boolean.toString(r.isMigParent(d)),
                            ""));
                }
            }
            inv.failures().forEach(x -> out.println("," + q(x.source()) + ",,,,,,,,,,," + q(x.reason())));
        } else {
            out.println("host,source,index,uuid,name,usable_bytes,verdict,fits,headroom_bytes,basis,error");
            for (Inventory.FitRow row : inv.fit().rows()) {
                FleetDevice d = row.device();
                out.println(String.join(
                        ",",
                        q(row.host()),
                        q(row.source()),
                        d.indexLabel(),
                        q(d.uuid()),
                        q(d.name()),
                        Long.toString(d.usableBytes()),
                        row.verdict().verdict(),
                        Boolean.toString(row.verdict().fits()),
                        Long.toString(row.verdict().headroomBytes()),
                        row.basis(),
                        ""));
            }
            inv.failures().forEach(x -> out.println("," + q(x.source()) + ",,,,,,,,," + q(x.reason())));
        }
        out.flush();
    }

    /** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
    static String q(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String v = "=+-@".indexOf(s.charAt(0)) >= 0 && !s.equals("-") ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static void print(List<String[]> rows, PrintWriter out) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.setLength(0);
            for (int i = 0; i < cols; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                sb.append(r[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(w[i] - r[i].length()));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
