package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.estimate.EngineCapacity;

/**
 * The judgement for one device.
 *
 * @param device        the device judged
 * @param budgetBytes   what the device offers under the chosen {@link Budget}
 * @param neededBytes   what the model needs on this device (per-device share under tensor parallelism)
 * @param headroomBytes budget − needed; negative is the shortfall
 * @param verdict       fits, tight or does_not_fit
 * @param reason        one line: why tight / by how much short / comfortable
 * @param budgetSource  how the budget was derived, e.g. "free (NVML v2)", "total − reserved"
 * @param capacity      for an engine that sizes its KV cache to a budget (vLLM): what it makes of this
 *                      device (KV tokens, concurrency; {@link dev.gpufit.estimate.EngineProfile#capacity}), else null
 * @param processExits  for a device that does not fit: which of its processes would have to exit
 *                      for it to fit; {@code null} when that cannot be weighed (see {@link ProcessRelief#find})
 */
public record DeviceFit(
        Device device,
        long budgetBytes,
        long neededBytes,
        long headroomBytes,
        Verdict verdict,
        String reason,
        String budgetSource,
        EngineCapacity capacity,
        ProcessRelief processExits) {

    public DeviceFit(
            Device device,
            long budgetBytes,
            long neededBytes,
            long headroomBytes,
            Verdict verdict,
            String reason,
            String budgetSource,
            EngineCapacity capacity) {
        this(device, budgetBytes, neededBytes, headroomBytes, verdict, reason, budgetSource, capacity, null);
    }

    public DeviceFit(
            Device device,
            long budgetBytes,
            long neededBytes,
            long headroomBytes,
            Verdict verdict,
            String reason,
            String budgetSource) {
        this(device, budgetBytes, neededBytes, headroomBytes, verdict, reason, budgetSource, null, null);
    }

    /** This judgement with the processes that would have to exit, said at the end of the reason too. */
    DeviceFit withProcessExits(ProcessRelief exits) {
        return new DeviceFit(
                device,
                budgetBytes,
                neededBytes,
                headroomBytes,
                verdict,
                reason + "; " + exits.phrase(),
                budgetSource,
                capacity,
                exits);
    }
}
