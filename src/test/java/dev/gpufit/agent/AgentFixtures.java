package dev.gpufit.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.HostInfo;
import dev.gpufit.device.Vendor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Test doubles: fixed devices, a contract-shaped devices renderer, a fit service with fixed needs. */
final class AgentFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long GIB = 1L << 30;

    static final Device H100 = new Device(
            "nvidia:0",
            0,
            Vendor.NVIDIA,
            "NVIDIA H100 80GB HBM3",
            "GPU-0d3f5a1c-1111-2222-3333-444455556666",
            "00000000:18:00.0",
            DeviceKind.DISCRETE,
            85520809984L,
            84953530368L,
            567279616L,
            84953530368L,
            "9.0",
            "550.54.15",
            "NVML memory v2 free",
            List.of());
    static final Device L4 = new Device(
            "nvidia:1",
            1,
            Vendor.NVIDIA,
            "NVIDIA L4",
            "GPU-aaaa0000-1111-2222-3333-444455556666",
            "00000000:3b:00.0",
            DeviceKind.DISCRETE,
            24152899584L,
            20000000000L,
            0L,
            20000000000L,
            "8.9",
            "550.54.15",
            "NVML memory v2 free",
            List.of());

    private AgentFixtures() {}

    static final HostInfo HOST = new HostInfo(
            "node-a", "Linux", "6.1.0", "amd64", "Test CPU", 137438953472L, 100000000000L, "550.54.15", "0,1");

    static DeviceInventory inventory(List<Device> devices, String... warnings) {
        return new DeviceInventory(HOST, devices, List.of(), List.of(warnings), false, 3);
    }

    /** A probe that counts its calls and returns the devices given. */
    static final class FixedProbe implements Supplier<DeviceInventory> {
        final AtomicInteger calls = new AtomicInteger();
        volatile List<Device> devices;

        FixedProbe(Device... devices) {
            this.devices = List.of(devices);
        }

        @Override
        public DeviceInventory get() {
            calls.incrementAndGet();
            return inventory(devices, "nvml: could not load /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.2 (test)");
        }
    }

    static ObjectNode deviceJson(Device d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.id())
                .put("index", d.index())
                .put("vendor", d.vendor().jsonName())
                .put("name", d.name())
                .put("uuid", d.uuid())
                .put("kind", d.kind().jsonName())
                .put("total_bytes", d.totalBytes())
                .put("free_bytes", d.freeBytes())
                .put("usable_bytes", d.usableBytes());
        return o;
    }

    /** "small" needs 10 GiB, "big" 30 GiB, "meta-llama/Llama-3.1-8B" 16 GiB; anything else is unknown. */
    static long needed(String model) {
        return switch (model) {
            case "small" -> 10 * GIB;
            case "big" -> 30 * GIB;
            case "meta-llama/Llama-3.1-8B" -> 16 * GIB;
            default -> throw new BadInputException("unknown model '" + model + "'");
        };
    }

    static final FitResponder FITS = (req, inv) -> {
        List<Device> devices = inv.devices();
        long need = needed(req.model());
        ObjectNode root = JSON.createObjectNode().put("schema", "gpufit/fit/v1");
        ObjectNode est = root.putObject("estimate").put("schema", "gpufit/estimate/v1");
        est.putObject("model").put("id", req.model());
        est.putObject("workload")
                .put(
                        "context",
                        req.workload().context() == null ? 8192 : req.workload().context());
        est.putObject("memory").put("total_bytes", need);
        ArrayNode arr = root.putArray("devices");
        boolean any = false;
        for (Device d : devices) {
            long headroom = d.usableBytes() - need;
            ObjectNode o = deviceJson(d);
            o.put("verdict", headroom >= 0 ? "fits" : "does_not_fit")
                    .put("fits", headroom >= 0)
                    .put("headroom_bytes", headroom);
            arr.add(o);
            any |= headroom >= 0;
        }
        root.put("fits", any);
        return root;
    };
}
