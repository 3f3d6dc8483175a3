package dev.gpufit.fit;

import dev.gpufit.device.Device;
import dev.gpufit.estimate.engine.VllmCapacity;

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
 * @param vllm          with --engine vllm: what vLLM does on this device (KV tokens, concurrency), else null
 */
public record DeviceFit(
        Device device,
        long budgetBytes,
        long neededBytes,
        long headroomBytes,
        Verdict verdict,
        String reason,
        String budgetSource,
        VllmCapacity vllm) {

    public DeviceFit(
            Device device,
            long budgetBytes,
            long neededBytes,
            long headroomBytes,
            Verdict verdict,
            String reason,
            String budgetSource) {
        this(device, budgetBytes, neededBytes, headroomBytes, verdict, reason, budgetSource, null);
    }
}
