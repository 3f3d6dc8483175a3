package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.engine.GgufTensor.Role;
import dev.gpufit.model.ggml.GgmlType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A llama.cpp file type ({@code general.file_type}, e.g. Q4_K_M) and the type it gives each
 * tensor, following {@code llama_tensor_get_type} in llama.cpp {@code src/llama-quant.cpp}:
 * the output matrix goes to Q6_K (Q8_0 stays Q8_0), attn_v and ffn_down get more bits on the
 * first and last eighth of the layers and every third one between ({@code use_more_bits}),
 * 8-expert models keep attn_k/attn_v at Q8_0, rows that do not divide into 256-value blocks fall
 * back (Q4_K to Q5_0, Q6_K to Q8_0 ...), and 1-D tensors and routers stay f32. The converter's
 * F16/BF16/F32 files store every matrix at that type.
 */
public enum GgufMix {
    F32(GgmlType.F32),
    F16(GgmlType.F16),
    BF16(GgmlType.BF16),
    Q8_0(GgmlType.Q8_0),
    Q4_0(GgmlType.Q4_0),
    Q4_1(GgmlType.Q4_1),
    Q5_0(GgmlType.Q5_0),
    Q5_1(GgmlType.Q5_1),
    Q2_K(GgmlType.Q2_K),
    Q3_K_S(GgmlType.Q3_K),
    Q3_K_M(GgmlType.Q3_K),
    Q3_K_L(GgmlType.Q3_K),
    Q4_K_S(GgmlType.Q4_K),
    Q4_K_M(GgmlType.Q4_K),
    Q5_K_S(GgmlType.Q5_K),
    Q5_K_M(GgmlType.Q5_K),
    Q6_K(GgmlType.Q6_K),
    IQ4_NL(GgmlType.IQ4_NL),
    IQ4_XS(GgmlType.IQ4_XS);

    private final GgmlType base;

    GgufMix(GgmlType base) {
        this.base = base;
    }

    /** The mix named by a --dtype or a GGUF file type ("q4_k_m", "fp16", "bf16" ...), if gpufit models it. */
    public static Optional<GgufMix> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toUpperCase(Locale.ROOT);
        n = switch (n) {
            case "FP16", "FLOAT16", "HALF" -> "F16";
            case "FP32", "FLOAT32" -> "F32";
            case "BFLOAT16" -> "BF16";
            default -> n;
        };
        for (GgufMix m : values()) {
            if (m.name().equals(n)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private boolean unquantized() {
        return this == F32 || this == F16 || this == BF16;
    }

    /**
     * The type of one tensor in this mix.
     *
     * @param t        the tensor
     * @param nLayer   decoder layers (for use_more_bits)
     * @param nGqa     query heads per KV head
     * @param nExpert  routed experts (0 for dense)
     * @param is70b    llama.cpp's LLM_TYPE_70B (80-layer llama): attn_v gets Q5_K
     * @param tied     the token embedding doubles as the output matrix
     */
    public GgmlType typeOf(GgufTensor t, int nLayer, int nGqa, int nExpert, boolean is70b, boolean tied) {
        if (!t.role().isMatrix()) {
            return GgmlType.F32;
        }
        if (unquantized()) {
            return base;
        }
        GgmlType type = base;
        int i = t.layer();
        Role r = t.role();
        if (r == Role.OUTPUT || (tied && r == Role.TOKEN_EMBD)) {
            type = !base.fits(t.ne0()) ? GgmlType.Q8_0 : base == GgmlType.Q8_0 ? GgmlType.Q8_0 : GgmlType.Q6_K;
        } else if (r == Role.ATTN_V) {
            type = switch (this) {
                case Q2_K -> nGqa >= 4 ? GgmlType.Q4_K : GgmlType.Q3_K;
                case Q3_K_M -> i < 2 ? GgmlType.Q5_K : GgmlType.Q4_K;
                case Q3_K_L -> GgmlType.Q5_K;
                case IQ4_NL, IQ4_XS -> nGqa >= 4 ? GgmlType.Q5_K : base;
                case Q4_K_M, Q5_K_M -> moreBits(i, nLayer) ? GgmlType.Q6_K : base;
                case Q4_K_S -> i < 4 ? GgmlType.Q5_K : base;
                default -> base;
            };
            if (is70b && (type == GgmlType.Q3_K || type == GgmlType.Q4_K)) {
                type = GgmlType.Q5_K;
            }
            if (nExpert == 8) {
                type = GgmlType.Q8_0;
            }
        } else if (r == Role.ATTN_K) {
            if (nExpert == 8) {
                type = GgmlType.Q8_0;
            }
        } else if (r.isFfnDown()) {
            type = switch (this) {
                case Q2_K -> GgmlType.Q3_K;
                case Q3_K_M -> i < nLayer / 16 ? GgmlType.Q5_K : GgmlType.Q4_K;
                case Q3_K_L -> GgmlType.Q5_K;
                case Q4_K_M, Q5_K_M -> moreBits(i, nLayer) ? GgmlType.Q6_K : base;
                case IQ4_NL, IQ4_XS -> i < nLayer / 8 ? GgmlType.Q5_K : base;
                case Q4_K_S -> i < nLayer / 8 ? GgmlType.Q5_K : base;
                default -> base;
            };
        } else if (r == Role.ATTN_OUTPUT) {
            if (nExpert == 8) {
                type = switch (this) {
                    case Q2_K, Q3_K_S, Q3_K_M, IQ4_NL, Q4_K_S, Q4_K_M, IQ4_XS -> GgmlType.Q5_K;
                    default -> base;
                };
            } else {
                type = switch (this) {
                    case Q2_K -> GgmlType.Q3_K;
                    case Q3_K_M -> GgmlType.Q4_K;
                    case Q3_K_L -> GgmlType.Q5_K;
                    default -> base;
                };
            }
        } else if (r == Role.ATTN_QKV) {
            type = switch (this) {
                case Q3_K_M, Q3_K_L -> GgmlType.Q4_K;
                case Q4_K_M -> GgmlType.Q5_K;
                case Q5_K_M -> GgmlType.Q6_K;
                default -> base;
            };
        }
        return fallback(type, t.ne0());
    }

    /** llama.cpp's fallback when a row does not divide into the type's blocks. */
    private static GgmlType fallback(GgmlType type, long ne0) {
        if (type.fits(ne0)) {
            return type;
        }
        GgmlType f = switch (type) {
            case Q2_K, Q3_K, IQ4_XS -> GgmlType.IQ4_NL;
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            default -> GgmlType.F16;
        };
        return f.fits(ne0) ? f : GgmlType.F16;
    }

    /** llama.cpp's use_more_bits: the first and last eighth of the layers and every third between. */
    static boolean moreBits(int i, int n) {
        return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
    }

    /** The mixes gpufit models tensor by tensor, lower-case, for messages. */
    public static List<String> names() {
        return java.util.Arrays.stream(values())
                .map(m -> m.name().toLowerCase(Locale.ROOT))
                .toList();
    }
}
