package dev.gpufit.app;

import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.Vendor;
import dev.gpufit.device.catalog.DeviceCatalog;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.Method;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.TensorParallelRule;
import dev.gpufit.estimate.Workload;
import dev.gpufit.fit.DeviceSelection;
import dev.gpufit.fit.FitService;
import dev.gpufit.model.ModelSpec;
import java.util.List;
import java.util.Locale;

/**
 * What {@code fit}, {@code plan} and the agent's fit all start from: the model, the devices
 * selected, and the workload validated against them, so the surfaces cannot drift.
 *
 * @param model     the model resolved from a reference or manual numbers
 * @param service   the fit service over the selected devices
 * @param selection the devices to judge
 * @param workload  the workload, engine options applied
 */
public record FitQuestion(ModelSpec model, FitService service, DeviceSelection selection, Workload workload) {

    /**
     * The question, its tensor-parallel degree checked against the engine, the devices and the
     * model first, so that a refusal names the asking surface's fields.
     */
    public static FitQuestion of(
            ModelSpec model, FitService service, DeviceSelection selection, Workload workload, FieldNames names) {
        checkTensorParallel(model, selection.devices(), workload, names);
        return new FitQuestion(model, service, selection, workload);
    }

    /** The platform is the devices' when they are all Macs (catalog what-ifs), else this machine's. */
    public static Platform defaultPlatform(DeviceSelection selection) {
        boolean allApple = !selection.devices().isEmpty()
                && selection.devices().stream().allMatch(d -> d.vendor() == Vendor.APPLE);
        return allApple ? Platform.MAC : hostPlatform(System.getProperty("os.name", ""));
    }

    /** MAC on macOS, LINUX (a discrete-GPU host) everywhere else. */
    public static Platform hostPlatform(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return os.contains("mac") || os.contains("darwin") ? Platform.MAC : Platform.LINUX;
    }

    /**
     * The rules the judge and the estimator enforce on the degree, in their order (a group of tp
     * devices, none a MIG instance: {@code FitJudge.group}; llama.cpp splits layers, not tensors,
     * and whole heads per device: {@link TensorParallelRule}), checked before them so that the
     * refusal is in the surface's words.
     */
    static void checkTensorParallel(ModelSpec spec, List<Device> selected, Workload w, FieldNames names) {
        int tp = w.tensorParallel();
        if (tp <= 1) {
            return;
        }
        String tpSet = names.setting(Field.TP, tp);
        if (selected.size() < tp) {
            throw new BadInputException(tpSet + " needs " + tp + " devices, but " + selected.size() + " selected; use "
                    + names.setting(Field.DEVICE, DeviceCatalog.PREFIX + "NAME:" + tp)
                    + " to plan for devices that are not here");
        }
        for (Device d : selected.subList(0, tp)) {
            if (d.kind() == DeviceKind.MIG) {
                throw new BadInputException(tpSet + " would put MIG instance " + d.id() + " (" + d.name()
                        + ") in a tensor-parallel group: CUDA cannot span MIG instances (no peer access or NCCL between"
                        + " them); select whole GPUs with " + names.of(Field.DEVICE) + ", or judge the instance alone");
            }
        }
        if (EngineProfiles.of(w.engine()).splitsLayers()) {
            throw new BadInputException(tpSet + " does not apply to "
                    + names.setting(Field.ENGINE, w.engine().spelling())
                    + ": llama.cpp splits layers across GPUs (--split-mode layer), which gpufit does not model yet;"
                    + " judge one device, and use " + names.setting(Field.GPU_LAYERS, "N")
                    + " to keep part of the model in host RAM (partial offload)");
        }
        boolean headed = spec.attentionHeads() > 0 && spec.kvHeads() > 0;
        // the seed formula has no heads and never splits: no head rule for it, as in the estimator
        if (w.method() == Method.DETAILED && headed && !TensorParallelRule.splits(spec, tp)) {
            throw new BadInputException(tpSet + " cannot split " + spec.id() + ": " + TensorParallelRule.rule(spec)
                    + "; " + names.of(Field.TP) + " works with " + TensorParallelRule.validDegrees(spec));
        }
    }
}
