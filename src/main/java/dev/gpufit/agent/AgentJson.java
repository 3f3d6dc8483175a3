package dev.gpufit.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gpufit.app.ProbeSnapshot;
import dev.gpufit.report.DevicesJson;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the agent lets out of the machine. The documents are the CLI's own (same keys), less
 * what a remote caller has no business reading: environment values (CUDA_VISIBLE_DEVICES) and
 * filesystem paths that warnings may quote (a library that failed to load, a sysfs file).
 */
public final class AgentJson {
    /** An absolute path of at least two segments: /usr/lib/x.so, /sys/class/drm/card0/... */
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/])/(?:[\\w.+@-]+/)+[\\w.+@-]*");

    private static final String[] ENV_KEYS = {"cuda_visible_devices"};

    private AgentJson() {}

    /** {@code gpufit devices --format json} for this snapshot, scrubbed, with "stale" when it is. */
    public static ObjectNode devices(ProbeSnapshot snap) {
        ObjectNode root = DevicesJson.inventory(snap.inventory());
        scrub(root);
        if (snap.stale()) {
            root.put("stale", true);
        }
        return root;
    }

    /** Removes environment values and replaces paths in every string, in place. */
    public static ObjectNode scrub(ObjectNode root) {
        walk(root);
        return root;
    }

    private static void walk(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String k : ENV_KEYS) {
                o.remove(k);
            }
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(redact(e.getValue().asText())));
                } else {
                    walk(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(redact(a.get(i).asText())));
                } else {
                    walk(a.get(i));
                }
            }
        }
    }

    static String redact(String s) {
        return s.indexOf('/') < 0 ? s : PATH.matcher(s).replaceAll("<path>");
    }
}
