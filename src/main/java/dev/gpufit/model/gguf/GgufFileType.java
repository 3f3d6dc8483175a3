package dev.gpufit.model.gguf;

/**
 * Names of {@code general.file_type} values: llama.cpp's {@code enum llama_ftype} (not ggml's
 * {@code ggml_ftype}; they diverge from 10 up). The value only labels the mix; sizes always
 * come from the per-tensor types. Values this table does not know are shown as
 * "unknown (N)", never refused: new llama.cpp builds add types faster than readers learn them.
 */
public final class GgufFileType {
    private static final String[] NAMES = {
        "F32",
        "F16",
        "Q4_0",
        "Q4_1",
        "Q4_1_SOME_F16",
        "Q4_2 (removed)",
        "Q4_3 (removed)",
        "Q8_0",
        "Q5_0",
        "Q5_1",
        "Q2_K",
        "Q3_K_S",
        "Q3_K_M",
        "Q3_K_L",
        "Q4_K_S",
        "Q4_K_M",
        "Q5_K_S",
        "Q5_K_M",
        "Q6_K",
        "IQ2_XXS",
        "IQ2_XS",
        "Q2_K_S",
        "IQ3_XS",
        "IQ3_XXS",
        "IQ1_S",
        "IQ4_NL",
        "IQ3_S",
        "IQ3_M",
        "IQ2_S",
        "IQ2_M",
        "IQ4_XS",
        "IQ1_M",
        "BF16",
        "Q4_0_4_4 (removed)",
        "Q4_0_4_8 (removed)",
        "Q4_0_8_8 (removed)",
        "TQ1_0",
        "TQ2_0",
        "MXFP4_MOE",
    };

    private GgufFileType() {}

    /** Display name, e.g. 15 → "Q4_K_M"; unknown values → "unknown (N)". */
    public static String name(long value) {
        return value >= 0 && value < NAMES.length ? NAMES[(int) value] : "unknown (" + value + ")";
    }

    /** The --dtype style spelling: "q4_k_m", with the float types as fp32/fp16/bf16. */
    public static String dtype(long value) {
        if (value == 0) {
            return "fp32";
        }
        if (value == 1) {
            return "fp16";
        }
        if (value == 32) {
            return "bf16";
        }
        return value >= 0 && value < NAMES.length && !NAMES[(int) value].contains(" ")
                ? NAMES[(int) value].toLowerCase(java.util.Locale.ROOT)
                : null;
    }

    /** True for the float file types (nothing quantized). */
    public static boolean isFloat(long value) {
        return value == 0 || value == 1 || value == 32;
    }
}
