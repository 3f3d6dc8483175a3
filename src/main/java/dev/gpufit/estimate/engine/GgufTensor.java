package dev.gpufit.estimate.engine;

/**
 * One weight tensor as llama.cpp's GGUF holds it, enough to pick its quantization type.
 *
 * @param name     GGUF name, e.g. {@code blk.3.attn_v.weight}
 * @param role     what the tensor is, which decides its type in a quantization mix
 * @param layer    decoder layer, or -1 for the embedding, output and final norm
 * @param ne0      row length (the input dimension): quantized rows must divide into blocks
 * @param elements all values of the tensor
 */
public record GgufTensor(String name, Role role, int layer, long ne0, long elements) {
    /** Tensor kinds with their own rules in llama.cpp's {@code llama_tensor_get_type}. */
    public enum Role {
        TOKEN_EMBD,
        OUTPUT,
        ATTN_Q,
        ATTN_K,
        ATTN_V,
        ATTN_QKV,
        ATTN_OUTPUT,
        FFN_GATE,
        FFN_UP,
        FFN_DOWN,
        FFN_GATE_EXPS,
        FFN_UP_EXPS,
        FFN_DOWN_EXPS,
        FFN_GATE_SHEXP,
        FFN_UP_SHEXP,
        FFN_DOWN_SHEXP,
        /** MoE router: kept in f32 by the converter and never quantized. */
        ROUTER,
        /** 1-D tensors (norm weights, biases): always f32. */
        VECTOR;

        boolean isMatrix() {
            return this != ROUTER && this != VECTOR;
        }

        boolean isFfnDown() {
            return this == FFN_DOWN || this == FFN_DOWN_EXPS || this == FFN_DOWN_SHEXP;
        }

        boolean isRoutedExpert() {
            return this == FFN_GATE_EXPS || this == FFN_UP_EXPS || this == FFN_DOWN_EXPS;
        }
    }
}
