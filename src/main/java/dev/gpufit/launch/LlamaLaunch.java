package dev.gpufit.launch;

import java.util.List;

/**
 * The memory-relevant llama.cpp settings of one launch. Null means not set: the engine's default
 * applies. Names follow common/common.h's common_params.
 *
 * @param ctxSize          {@code -c}: n_ctx, the TOTAL context shared by the sequences (0: the model's)
 * @param parallel         {@code -np}: sequences (slots)
 * @param kvUnified        {@code --kv-unified}: one KV buffer, every sequence may use all of n_ctx
 * @param batch            {@code -b}: logical batch
 * @param ubatch           {@code -ub}: physical batch
 * @param gpuLayers        {@code -ngl}
 * @param flashAttn        {@code -fa}
 * @param cacheTypeK       {@code -ctk}
 * @param cacheTypeV       {@code -ctv}
 * @param tensorOverrides  {@code -ot} entries, in order (several {@code -ot} flags add up)
 * @param cpuMoe           {@code --cpu-moe}: all routed experts in host memory
 * @param nCpuMoe          {@code --n-cpu-moe N}: the experts of the first N layers in host memory
 * @param tensorSplit      {@code -ts}: proportions per GPU
 * @param splitMode        {@code -sm}
 * @param mainGpu          {@code -mg}
 * @param devices          {@code -dev}: device names, or ["none"]
 * @param swaFull          {@code --swa-full}
 * @param mmap             {@code --mmap / --no-mmap}
 * @param mlock            {@code --mlock}
 * @param kvOffload        {@code -kvo / -nkvo}: KV cache on the GPU
 * @param fit              {@code -fit on|off}: llama.cpp lowers unset settings to fit free memory
 * @param fitTargetMib     {@code -fitt}: margin per device the fit leaves, MiB
 * @param fitMinCtx        {@code -fitc}: smallest context the fit may choose
 * @param mmproj           {@code -mm FILE}: multimodal projector
 * @param mmprojAuto       {@code --mmproj-auto / --no-mmproj}: fetch the projector next to {@code -hf}
 * @param mmprojOffload    {@code --mmproj-offload / --no-mmproj-offload}
 * @param embeddings       {@code --embeddings} (or {@code --reranking})
 * @param cacheRamMib      {@code -cram}: host-memory prompt cache, MiB (-1 no limit, 0 off)
 */
public record LlamaLaunch(
        Long ctxSize,
        Integer parallel,
        Boolean kvUnified,
        Long batch,
        Long ubatch,
        Integer gpuLayers,
        FlashAttn flashAttn,
        GgmlCacheType cacheTypeK,
        GgmlCacheType cacheTypeV,
        List<TensorOverride> tensorOverrides,
        Boolean cpuMoe,
        Integer nCpuMoe,
        List<Double> tensorSplit,
        SplitMode splitMode,
        Integer mainGpu,
        List<String> devices,
        Boolean swaFull,
        Boolean mmap,
        Boolean mlock,
        Boolean kvOffload,
        Boolean fit,
        Long fitTargetMib,
        Long fitMinCtx,
        String mmproj,
        Boolean mmprojAuto,
        Boolean mmprojOffload,
        Boolean embeddings,
        Long cacheRamMib)
        implements EngineSettings {
    public LlamaLaunch {
        tensorOverrides = List.copyOf(tensorOverrides);
        tensorSplit = tensorSplit == null ? null : List.copyOf(tensorSplit);
        devices = devices == null ? null : List.copyOf(devices);
    }
}
