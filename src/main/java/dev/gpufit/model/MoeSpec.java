package dev.gpufit.model;

/**
 * Mixture-of-experts shape.
 *
 * @param experts                routed experts per MoE layer (e.g. 128)
 * @param activeExperts          experts used per token (e.g. 8)
 * @param sharedExperts          always-on shared experts (DeepSeek; Qwen2-MoE has 1)
 * @param expertIntermediateSize width of one routed expert's MLP
 * @param sharedIntermediateSize width of the shared expert MLP (0 when it equals expertIntermediateSize x sharedExperts)
 * @param firstDenseLayers       leading layers with a dense MLP instead of experts (DeepSeek first_k_dense_replace)
 * @param layerFrequency         every n-th layer is MoE (1 = all); other layers are dense
 * @param routerBias             router has a bias (gpt-oss)
 * @param expertBias             expert projections have biases (gpt-oss)
 */
public record MoeSpec(
        int experts,
        int activeExperts,
        int sharedExperts,
        long expertIntermediateSize,
        long sharedIntermediateSize,
        int firstDenseLayers,
        int layerFrequency,
        boolean routerBias,
        boolean expertBias) {}
