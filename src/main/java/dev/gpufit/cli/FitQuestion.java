package dev.gpufit.cli;

import dev.gpufit.device.Vendor;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.FitService;
import dev.gpufit.model.ModelSpec;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What {@code fit} and {@code plan} both start from: the model, the devices selected, and the
 * workload, read from the same options in the same order, so the two commands cannot drift.
 *
 * @param model     the model resolved from MODEL or the manual numbers
 * @param service   the fit service over the selected devices
 * @param selection the devices to judge
 * @param workload  the workload, engine options applied
 */
record FitQuestion(ModelSpec model, FitService service, DeviceSelection selection, Workload workload) {

    static FitQuestion ask(
            ModelOptions model,
            WorkloadOptions workload,
            EngineOptions engine,
            DeviceOptions devices,
            Map<String, String> env,
            PrintWriter err) {
        devices.startProbe(env); // the driver answers while the model is being read
        ModelSpec m = model.resolve();
        FitService service = devices.service(env);
        DeviceSelection selection = devices.selectOrExit(service, err);
        Workload w = engine.applyTo(workload.toWorkload(defaultPlatform(selection)));
        return new FitQuestion(m, service, selection, w);
    }

    /** The platform is the devices' when they are all Macs (catalog what-ifs), else this machine's. */
    static Platform defaultPlatform(DeviceSelection selection) {
        boolean allApple = !selection.devices().isEmpty()
                && selection.devices().stream().allMatch(d -> d.vendor() == Vendor.APPLE);
        return allApple ? Platform.MAC : WorkloadOptions.hostPlatform(System.getProperty("os.name", ""));
    }
}
