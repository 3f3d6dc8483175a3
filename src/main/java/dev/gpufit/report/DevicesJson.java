package dev.gpufit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.GpuProcess;
import dev.gpufit.device.HostInfo;

/**
 * The devices JSON (README.md#json-output, schema gpufit/devices/v1): snake_case keys, bytes as
 * integers, unknown figures as null. Keys may be added, never renamed. The node builders are
 * public so `fit` (one device node per verdict) and the agent (/v1/devices) emit the same JSON.
 */
public final class DevicesJson {
    public static final String SCHEMA = "gpufit/devices/v1";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DevicesJson() {}

    /** The whole document for one probe. */
    public static ObjectNode inventory(DeviceInventory inv) {
        ObjectNode root = F.objectNode();
        root.put("schema", SCHEMA);
        root.set("host", host(inv.host()));
        ArrayNode devices = root.putArray("devices");
        inv.devices().forEach(d -> devices.add(device(d)));
        ArrayNode hidden = root.putArray("hidden_by_cuda_visible_devices");
        inv.hidden().forEach(d -> hidden.add(device(d)));
        ArrayNode warnings = root.putArray("warnings");
        inv.warnings().forEach(warnings::add);
        root.put("probe_failed", inv.failed());
        root.put("probe_ms", inv.elapsedMillis());
        return root;
    }

    /** One device, as it appears in the devices, fit and agent documents. */
    public static ObjectNode device(Device d) {
        ObjectNode n = F.objectNode();
        n.put("id", d.id());
        n.put("index", d.index());
        n.put("vendor", d.vendor() == null ? null : d.vendor().jsonName());
        n.put("name", d.name());
        n.put("uuid", d.uuid());
        n.put("kind", d.kind().jsonName());
        n.put("total_bytes", d.totalBytes());
        n.put("free_bytes", d.freeBytes());
        n.put("usable_bytes", d.usableBytes());
        n.put("reserved_bytes", d.reservedBytes());
        n.put("used_bytes", d.usedBytes());
        n.put("usable_source", d.usableSource());
        n.put("pci_bus_id", d.pciBusId());
        n.put("compute_capability", d.computeCapability());
        n.put("driver_version", d.driverVersion());
        ArrayNode notes = n.putArray("notes");
        d.notes().forEach(notes::add);
        if (d.processes() == null) {
            n.putNull("processes"); // unknown: the notes say why when a query was refused
        } else {
            ArrayNode processes = n.putArray("processes");
            d.processes().forEach(p -> processes.add(process(p)));
        }
        return n;
    }

    /** One process holding GPU memory; null name or used_bytes when unknown. */
    public static ObjectNode process(GpuProcess p) {
        ObjectNode n = F.objectNode();
        n.put("pid", p.pid());
        n.put("name", p.name());
        n.put("used_bytes", p.usedBytes());
        n.put("type", p.type().jsonName());
        return n;
    }

    public static ObjectNode host(HostInfo h) {
        ObjectNode n = F.objectNode();
        n.put("hostname", h.hostname());
        n.put("os", h.os());
        n.put("os_version", h.osVersion());
        n.put("arch", h.arch());
        n.put("cpu", h.cpu());
        n.put("memory_total_bytes", h.memoryTotalBytes());
        n.put("memory_available_bytes", h.memoryAvailableBytes());
        n.put("nvidia_driver_version", h.nvidiaDriverVersion());
        n.put("cuda_visible_devices", h.cudaVisibleDevices());
        return n;
    }

    /** Pretty-printed text of a node, newline-terminated. */
    public static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize devices JSON", e);
        }
    }
}
