package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import java.util.Locale;

/** The seed formula's t: one whole number of bits per weight for a dtype name. */
public final class SeedBits {
    private SeedBits() {}

    public static int of(String dtype) {
        if (dtype == null) {
            return 16;
        }
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "fp32", "f32", "float32" -> 32;
            case "fp16", "f16", "bf16", "float16", "bfloat16" -> 16;
            case "fp8", "f8", "int8", "i8", "q8_0" -> 8;
            case "int4", "i4", "q4_0", "q4_k_m", "q4_k_s" -> 4;
            default ->
                throw new BadInputException(
                        "the seed method takes --dtype fp32, bf16, fp16, fp8, int8 or int4; got '" + dtype + "'");
        };
    }
}
