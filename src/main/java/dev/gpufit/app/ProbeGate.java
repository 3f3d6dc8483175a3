package dev.gpufit.app;

import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceInventory;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.ProbeFailure;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.DeviceSelector;
import dev.gpufit.fit.FitService;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gate's rules on what the probe knows (docs/fit.md#exit-codes), the same for {@code fit},
 * {@code plan}, {@code nfd} and the agent. A GPU backend that failed or did not answer, or a GPU
 * that could not be read, leaves "the GPUs here" unknown: {@code all} and indices (which shift
 * when a GPU is missing) get no verdict, never a silent switch to host RAM; devices named by UUID,
 * id or {@code host} are still judged, the failure a warning. Host RAM stands in for the GPUs only
 * when the probe found no GPU driver at all and the engine runs on the CPU. Catalog devices never
 * probe, so nothing here applies to them.
 */
public final class ProbeGate {
    private ProbeGate() {}

    /**
     * The devices {@code selector} names, or {@link UnknownVerdictException} when the probe cannot
     * say which they are.
     *
     * @param probed this machine's probe, called only when the selector names devices here
     */
    public static DeviceSelection select(
            String selector, FitService service, Supplier<DeviceInventory> probed, FieldNames names) {
        if (DeviceSelector.catalogOnly(selector)) {
            return service.select(selector);
        }
        List<ProbeFailure> failures = probed.get().failures();
        if (failures.isEmpty()) {
            return service.select(selector);
        }
        String why = describe(failures);
        List<String> parts = DeviceSelector.parts(selector);
        if (parts.isEmpty() || parts.stream().anyMatch(p -> p.equalsIgnoreCase("all"))) {
            throw new UnknownVerdictException(
                    true,
                    "the GPU probe failed, so the GPUs here are unknown and there is no verdict: " + why
                            + "; name the devices to judge by UUID or " + names.setting(Field.DEVICE, "host")
                            + " to judge without them");
        }
        if (parts.stream().anyMatch(p -> !p.isEmpty() && p.chars().allMatch(Character::isDigit))) {
            throw new UnknownVerdictException(
                    true,
                    "device indices are unknown while a GPU is missing from the probe (" + why
                            + "); name the devices by UUID instead");
        }
        try {
            return service.select(selector);
        } catch (BadInputException e) {
            throw new UnknownVerdictException(
                    true, e.getMessage() + "; it may be a GPU the failed probe could not read: " + why);
        }
    }

    /**
     * Refuses host RAM chosen for want of a GPU when the engine cannot run there (vLLM): the
     * machine has nothing to judge. Host RAM the user asked for is judged for any engine.
     */
    public static void checkEngine(String selector, DeviceSelection selection, Workload w, FieldNames names) {
        if (DeviceSelector.catalogOnly(selector)
                || DeviceSelector.parts(selector).stream().anyMatch(p -> p.equalsIgnoreCase("host"))
                || !hostOnly(selection.devices())) {
            return;
        }
        if (EngineProfiles.of(w.engine()).runsOnHostRam(w.platform())) {
            return;
        }
        throw new UnknownVerdictException(
                false,
                "no GPU here (no GPU driver found) and " + names.setting(Field.ENGINE, w.engine())
                        + " runs only on GPUs: nothing to judge; use " + names.setting(Field.DEVICE, "host")
                        + " to judge host RAM anyway, or "
                        + names.setting(Field.DEVICE, DeviceCatalog.PREFIX + "NAME")
                        + " to plan for a GPU that is not here (" + names.of(Field.DEVICE) + " "
                        + DeviceCatalog.PREFIX + "h100-80gb, for one)");
    }

    /** The failures, one after the other: "nvml: cannot initialize NVML: ...". */
    static String describe(List<ProbeFailure> failures) {
        return String.join("; ", failures.stream().map(ProbeFailure::describe).toList());
    }

    /** True when the selection judges only host RAM. */
    private static boolean hostOnly(List<Device> devices) {
        return !devices.isEmpty() && devices.stream().allMatch(d -> d.kind() == DeviceKind.HOST);
    }
}
