package dev.gpufit.fleet;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads gpufit devices and fit reports from text: one document, several concatenated, or JSON
 * lines. A corrupt document is reported and skipped; reading resumes at the next line that
 * starts a document, so one truncated report in a stream of thousands costs only itself.
 */
public final class ReportParser {
    public static final String DEVICES_SCHEMA = "gpufit/devices/v1";
    public static final String FIT_SCHEMA = "gpufit/fit/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param reports the documents that were reports; @param failures the ones that were not */
    public record Outcome(List<HostReport> reports, List<SourceFailure> failures) {}

    private ReportParser() {}

    /**
     * @param text         the whole input
     * @param source       how to name it in failures ("-", a file)
     * @param fallbackHost the host name when a report carries none
     */
    public static Outcome parse(String text, String source, String fallbackHost) {
        List<Object> entries = new ArrayList<>(); // JsonNode, or String for a corrupt document
        int pos = 0;
        while (pos < text.length()) {
            long[] docStart = {0};
            // a reader over the original text from pos: no copy of the rest per corrupt document
            // (StringReader.skip only moves its index), and offsets stay relative to pos
            try (JsonParser p = JSON.getFactory().createParser(readerAt(text, pos))) {
                readAll(p, entries, docStart);
                break;
            } catch (IOException e) {
                String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                entries.add(oneLine(msg));
                // resume at the next line that opens a document after the broken one's start,
                // so a truncated report does not swallow the good one on the following line
                int next = text.indexOf("\n{", pos + (int) docStart[0]);
                if (next < 0) {
                    break;
                }
                pos = next + 1;
            }
        }
        boolean many = entries.size() > 1;
        List<HostReport> reports = new ArrayList<>();
        List<SourceFailure> failures = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = many ? source + "#" + (i + 1) : source;
            Object e = entries.get(i);
            if (e instanceof String reason) {
                failures.add(new SourceFailure(name, "not JSON: " + reason));
                continue;
            }
            try {
                reports.add(report((JsonNode) e, name, many ? fallbackHost + "#" + (i + 1) : fallbackHost));
            } catch (IllegalArgumentException ex) {
                failures.add(new SourceFailure(name, ex.getMessage()));
            }
        }
        if (entries.isEmpty()) {
            failures.add(new SourceFailure(source, "empty: no report in it"));
        }
        return new Outcome(reports, failures);
    }

    private static Reader readerAt(String text, int pos) throws IOException {
        StringReader r = new StringReader(text);
        long skipped = r.skip(pos);
        if (skipped != pos) {
            throw new IOException("cannot skip to offset " + pos);
        }
        return r;
    }

    private static void readAll(JsonParser p, List<Object> entries, long[] docStart) throws IOException {
        while (p.nextToken() != null) {
            docStart[0] = p.currentTokenLocation().getCharOffset();
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "expected a JSON object");
            }
            entries.add(JSON.readTree(p));
        }
    }

    /** One document to a report, or IllegalArgumentException with the reason. */
    static HostReport report(JsonNode doc, String source, String fallbackHost) {
        String schema = doc.path("schema").asText("");
        if (!DEVICES_SCHEMA.equals(schema) && !FIT_SCHEMA.equals(schema)) {
            throw new IllegalArgumentException(
                    schema.isEmpty()
                            ? "not a gpufit report: no \"schema\" key"
                            : "not a gpufit devices or fit report: schema " + printable(schema));
        }
        JsonNode devs = doc.path("devices");
        if (!devs.isArray()) {
            throw new IllegalArgumentException("report has no \"devices\" array");
        }
        List<FleetDevice> devices = new ArrayList<>();
        for (JsonNode d : devs) {
            devices.add(device(d, FIT_SCHEMA.equals(schema)));
        }
        String model = null;
        Long context = null;
        if (FIT_SCHEMA.equals(schema)) {
            JsonNode est = doc.path("estimate");
            model = est.path("model").path("id").asText("");
            JsonNode ctx = est.path("workload").path("context");
            context = ctx.canConvertToLong() ? ctx.asLong() : null;
        }
        return new HostReport(
                hostName(doc.path("host"), fallbackHost),
                source,
                schema,
                doc.path("stale").asBoolean(false),
                devices,
                model,
                context);
    }

    private static FleetDevice device(JsonNode d, boolean fit) {
        if (!d.path("total_bytes").canConvertToLong()) {
            throw new IllegalArgumentException("a device has no numeric \"total_bytes\"");
        }
        long total = d.path("total_bytes").asLong();
        Long free =
                d.path("free_bytes").canConvertToLong() ? d.path("free_bytes").asLong() : null;
        Long reserved = d.path("reserved_bytes").canConvertToLong()
                ? d.path("reserved_bytes").asLong()
                : null;
        long usable = d.path("usable_bytes").canConvertToLong()
                ? d.path("usable_bytes").asLong()
                : (free == null ? total : free);
        DeviceVerdict verdict = null;
        if (fit && d.has("verdict")) {
            verdict = new DeviceVerdict(
                    d.path("verdict").asText(),
                    d.path("fits").asBoolean(false),
                    d.path("headroom_bytes").asLong(0));
        }
        Integer index = d.path("index").canConvertToInt() && d.path("index").isNumber()
                ? d.path("index").asInt()
                : null;
        return new FleetDevice(
                text(d, "id"),
                index,
                text(d, "uuid"),
                d.path("name").asText("unknown"),
                text(d, "vendor"),
                text(d, "kind"),
                total,
                free,
                reserved,
                usable,
                verdict);
    }

    private static String text(JsonNode d, String key) {
        JsonNode v = d.path(key);
        return v.isValueNode() && !v.isNull() ? printable(v.asText()) : "";
    }

    /** The report's host name: {@code host.hostname}, else {@code host.name}, else the fallback. */
    static String hostName(JsonNode host, String fallback) {
        for (String key : new String[] {"hostname", "name"}) {
            JsonNode v = host.path(key);
            if (v.isTextual() && !v.asText().isBlank()) {
                return printable(v.asText().strip());
            }
        }
        return fallback;
    }

    /** Host and device names end up on terminals: no control characters, bounded length. */
    static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    static String oneLine(String s) {
        String t = s == null
                ? "unreadable"
                : s.replace('\n', ' ').replace('\r', ' ').strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
