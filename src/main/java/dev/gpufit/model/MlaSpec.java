package dev.gpufit.model;

/**
 * Multi-head latent attention (DeepSeek V2/V3). The KV cache holds one latent of
 * {@code kvLoraRank + qkRopeHeadDim} values per token and layer, not keys and values per head.
 *
 * @param qLoraRank     query low-rank size, {@code null} when q is a plain projection (V2-Lite)
 * @param kvLoraRank    compressed KV latent size (512)
 * @param qkNopeHeadDim non-rotary part of each q/k head (128)
 * @param qkRopeHeadDim rotary part of each q/k head (64)
 * @param vHeadDim      value head dim (128)
 */
public record MlaSpec(Integer qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {}
