package dev.gpufit.app;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.Vendor;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.Budget;
import dev.gpufit.fit.DeviceFit;
import dev.gpufit.fit.EstimateFunction;
import dev.gpufit.fit.FitJudge;
import dev.gpufit.fleet.DeviceVerdict;
import dev.gpufit.fleet.FleetDevice;
import dev.gpufit.fleet.FleetJudge;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.readers.ModelReaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link FleetJudge} for {@code fleet --model}: the model resolved as {@code gpufit fit}
 * resolves it, the workload from the same options object, and the same per-device judgement
 * {@code fit} makes, against one estimate, over every reported device (budget: free memory, as {@code fit} judges by default). Apple devices
 * are judged with the Mac overhead, all others with the Linux one, as {@code fit} would on
 * those hosts.
 */
public final class FleetJudges {
    private FleetJudges() {}

    /** @param names how the asking surface spells the context in an error */
    public static FleetJudge forModel(String model, Long context, Map<String, String> env, FieldNames names) {
        ModelSpec spec =
                ModelReaders.resolver(env, System.getProperty("user.home")).resolve(model);
        WorkloadRequest asked = WorkloadRequest.ofContext(context);
        Workload linux = asked.toWorkload(Platform.LINUX, names);
        Workload mac = asked.toWorkload(Platform.MAC, names);
        EstimateFunction once = memoized(EstimateFunction.standard());
        // fail now, with the CLI's message, rather than after reading ten thousand reports
        once.estimate(spec, linux);
        return new FleetJudge() {
            @Override
            public String model() {
                return model;
            }

            @Override
            public Long context() {
                return context;
            }

            @Override
            public List<DeviceVerdict> judge(List<FleetDevice> devices) {
                DeviceVerdict[] out = new DeviceVerdict[devices.size()];
                judgeGroup(devices, out, false, spec, linux, once);
                judgeGroup(devices, out, true, spec, mac, once);
                return List.of(out);
            }
        };
    }

    private static void judgeGroup(
            List<FleetDevice> all,
            DeviceVerdict[] out,
            boolean apple,
            ModelSpec spec,
            Workload w,
            EstimateFunction est) {
        List<Integer> idx = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            FleetDevice f = all.get(i);
            if ("apple".equals(f.vendor()) == apple) {
                idx.add(i);
                devices.add(toDevice(f, i));
            }
        }
        if (devices.isEmpty()) {
            return;
        }
        // verdicts only: one estimate, each device judged against it; fleet reads no advice
        List<DeviceFit> fits = new FitJudge(est).judgeDevices(spec, w, devices, Budget.FREE);
        for (int k = 0; k < fits.size(); k++) {
            DeviceFit f = fits.get(k);
            out[idx.get(k)] =
                    new DeviceVerdict(f.verdict().jsonName(), f.verdict().fits(), f.headroomBytes());
        }
    }

    static Device toDevice(FleetDevice f, int n) {
        DeviceKind kind;
        try {
            kind = DeviceKind.valueOf(f.kind().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            kind = DeviceKind.DISCRETE;
        }
        return Device.builder("fleet:" + n, kind)
                .index(f.index() == null ? 0 : f.index())
                .vendor(Vendor.find(f.vendor()).orElse(null))
                .name(f.name())
                .uuid(f.uuid().isEmpty() ? null : f.uuid())
                .totalBytes(f.totalBytes())
                .freeBytes(f.freeBytes())
                .reservedBytes(f.reservedBytes())
                .usableBytes(f.usableBytes())
                .usableSource("as reported")
                .build();
    }

    /**
     * The start-up check and every later judgement (one per fleet answer) estimate the same two
     * workloads, Linux and Mac; compute each once.
     */
    private static EstimateFunction memoized(EstimateFunction f) {
        Map<Workload, MemoryEstimate> cache = new HashMap<>();
        return (spec, w) -> cache.computeIfAbsent(w, k -> f.estimate(spec, k));
    }
}
