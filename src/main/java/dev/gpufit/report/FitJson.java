package dev.gpufit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.device.HostInfo;
import dev.gpufit.estimate.engine.VllmCapacity;
import dev.gpufit.fit.DeviceFit;
import dev.gpufit.fit.FitResult;
import dev.gpufit.fit.Pick;
import dev.gpufit.fit.Placement;
import dev.gpufit.fit.ProcessRelief;
import dev.gpufit.model.ModelSpec;
import java.util.List;

/**
 * The {@code gpufit/fit/v1} document (README.md#json-output): the estimate inside, one device node per
 * judged device with its verdict, and the overall answer. Shared by the CLI and the agent.
 */
public final class FitJson {
    public static final String SCHEMA = "gpufit/fit/v1";

    private FitJson() {}

    /** Which processes would have to exit for the device to fit; null when that cannot be weighed. */
    static JsonNode processExits(ProcessRelief r) {
        if (r == null) {
            return NullNode.getInstance();
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("possible", r.possible());
        n.put("freed_bytes", r.freedBytes());
        ArrayNode processes = n.putArray("processes");
        r.processes().forEach(p -> processes.add(DevicesJson.process(p)));
        n.put("unsized_processes", r.unsized());
        return n;
    }

    /**
     * @param host the machine the devices were probed on, {@code null} when only catalog devices
     *             were judged; only its identity goes in (so fleet can name the report), not
     *             figures that change from one probe to the next
     * @param surface who reads it: the advice and notes name settings as that surface takes them
     */
    /** Where the engine runs: the rule, the device indices it takes, and the launch verdict there. */
    static ObjectNode placement(Placement p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("rule", p.rule().jsonName());
        n.put("devices_needed", p.needed());
        ArrayNode idx = n.putArray("devices");
        p.devices().forEach(f -> idx.add(f.device().index()));
        n.put("verdict", p.verdict().jsonName());
        return n;
    }

    /** {@code --pick}: the devices chosen (by index and UUID) and the CUDA_VISIBLE_DEVICES that pins them. */
    public static ObjectNode pick(Pick p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("found", p.found());
        n.put("devices_needed", p.needed());
        ArrayNode idx = n.putArray("devices");
        ArrayNode uuids = n.putArray("uuids");
        p.devices().forEach(d -> {
            idx.add(d.index());
            uuids.add(d.uuid());
        });
        n.put("cuda_visible_devices", p.cudaVisibleDevices());
        return n;
    }

    public static ObjectNode toNode(
            ModelSpec spec, FitResult r, List<String> warnings, HostInfo host, Surface surface) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schema", SCHEMA);
        if (host != null) {
            ObjectNode h = root.putObject("host");
            h.put("hostname", host.hostname());
            h.put("os", host.os());
            h.put("arch", host.arch());
            h.put("nvidia_driver_version", host.nvidiaDriverVersion());
        }
        root.set("estimate", EstimateJson.toNode(spec, r.workload(), r.estimate(), surface));
        ArrayNode devices = root.putArray("devices");
        for (DeviceFit f : r.devices()) {
            ObjectNode d = DevicesJson.device(f.device());
            d.put("verdict", f.verdict().jsonName());
            d.put("fits", f.verdict().fits());
            d.put("headroom_bytes", f.headroomBytes());
            d.put("budget_bytes", f.budgetBytes());
            d.put("needed_bytes", f.neededBytes());
            d.put("budget_source", f.budgetSource());
            d.put("reason", f.reason());
            d.set("fits_once_exit", processExits(f.processExits()));
            if (f.capacity() != null) {
                d.put("kv_cache_tokens", f.capacity().kvCacheTokens());
                d.put(
                        "max_concurrency",
                        VllmCapacityReport.concurrency(f.capacity().maxConcurrency()));
            }
            if (f.capacity() instanceof VllmCapacity v) {
                d.set("vllm", VllmCapacityReport.toNode(v));
            }
            devices.add(d);
        }
        root.put("fits", r.fits());
        EstimateJson.approximate(root, spec);
        root.put("verdict", r.verdict().jsonName());
        root.put("tensor_parallel", r.workload().tensorParallel());
        root.set("placement", placement(r.placement()));
        ArrayNode advice = root.putArray("advice");
        NoteText.render(r.advice(), surface).forEach(advice::add);
        ArrayNode notes = root.putArray("notes");
        NoteText.render(r.notes(), surface).forEach(notes::add);
        ArrayNode warn = root.putArray("warnings");
        NoteText.render(r.warnings(), surface).forEach(warn::add);
        warnings.forEach(warn::add);
        return root;
    }
}
