package dev.gpufit.fit;

import dev.gpufit.Bytes;
import dev.gpufit.device.Device;
import dev.gpufit.estimate.EngineCapacity;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;

/**
 * The judgement for one device when the engine is vLLM. vLLM does not take what the model needs:
 * it takes {@code gpu_memory_utilization × total} (total as CUDA reports it: less the driver's
 * reserved memory) and fills what the weights, activations and non-torch memory leave with KV
 * blocks; CUDA graphs and the CUDA context come on top. So on a device:
 * <ul>
 *   <li>needed = utilization × total + CUDA graphs + context, against the budget (free memory by
 *       default: vLLM refuses to start when free memory is below utilization × total);</li>
 *   <li>and the KV cache left must hold one request of max_model_len, or vLLM raises at start;</li>
 *   <li>and max_model_len must not exceed the model's maximum: vLLM raises at start unless
 *       VLLM_ALLOW_LONG_MAX_MODEL_LEN is set.</li>
 * </ul>
 */
final class VllmFit {
    private VllmFit() {}

    static DeviceFit judge(Device d, DeviceBudget budget, ModelSpec spec, Workload w, MemoryEstimate e) {
        long cudaTotal = DeviceBudget.of(d, Budget.TOTAL).bytes();
        EngineCapacity cap =
                EngineProfiles.of(w.engine()).capacity(spec, w, e, cudaTotal).orElseThrow();
        long needed = Math.addExact(cap.budgetBytes(), cap.outsideBudgetBytes());
        DeviceFit f = FitJudge.judgeDevice(d, budget, needed);
        Verdict verdict = f.verdict();
        String reason;
        Long max = spec.maxContext();
        if (max != null && e.context() > max) {
            verdict = Verdict.DOES_NOT_FIT;
            reason = "vLLM refuses max_model_len " + e.context() + ": it is above the model's maximum of " + max
                    + " tokens (derived from max_position_embeddings), unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 is set; "
                    + cap.reason();
        } else if (!cap.fits()) {
            verdict = Verdict.DOES_NOT_FIT;
            reason = cap.reason();
        } else if (budget.bytes() < cap.budgetBytes()) {
            reason = "vLLM would refuse to start: " + Bytes.human(budget.bytes())
                    + " free is below gpu_memory_utilization x total = " + Bytes.human(cap.budgetBytes()) + "; "
                    + cap.reason();
        } else {
            reason = f.reason() + "; " + cap.reason();
        }
        return new DeviceFit(d, f.budgetBytes(), needed, f.headroomBytes(), verdict, reason, f.budgetSource(), cap);
    }
}
