package dev.gpufit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.device.HostInfo;
import dev.gpufit.fit.DeviceFit;
import dev.gpufit.fit.FitResult;
import dev.gpufit.model.ModelSpec;
import java.util.List;

/**
 * The {@code gpufit/fit/v1} document (README.md#json-output): the estimate inside, one device node per
 * judged device with its verdict, and the overall answer. Shared by the CLI and the agent.
 */
public final class FitJson {
    public static final String SCHEMA = "gpufit/fit/v1";

    private FitJson() {}

    /**
     * @param host the machine the devices were probed on, {@code null} when only catalog devices
     *             were judged; only its identity goes in (so fleet can name the report), not
     *             figures that change from one probe to the next
     */
    public static ObjectNode toNode(ModelSpec spec, FitResult r, List<String> warnings, HostInfo host) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schema", SCHEMA);
        if (host != null) {
            ObjectNode h = root.putObject("host");
            h.put("hostname", host.hostname());
            h.put("os", host.os());
            h.put("arch", host.arch());
            h.put("nvidia_driver_version", host.nvidiaDriverVersion());
        }
        root.set("estimate", EstimateJson.toNode(spec, r.workload(), r.estimate()));
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
            if (f.vllm() != null) {
                d.put("kv_cache_tokens", f.vllm().kvCacheTokens());
                d.put("max_concurrency", VllmCapacityReport.concurrency(f.vllm().maxConcurrency()));
                d.set("vllm", VllmCapacityReport.toNode(f.vllm()));
            }
            devices.add(d);
        }
        root.put("fits", r.fits());
        EstimateJson.approximate(root, spec);
        root.put("verdict", r.verdict().jsonName());
        root.put("tensor_parallel", r.workload().tensorParallel());
        ArrayNode advice = root.putArray("advice");
        r.advice().forEach(advice::add);
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode warn = root.putArray("warnings");
        r.warnings().forEach(warn::add);
        warnings.forEach(warn::add);
        return root;
    }
}
