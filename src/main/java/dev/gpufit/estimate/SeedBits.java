package dev.gpufit.estimate;

import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;

/** The seed formula's t: one whole number of bits per weight for a dtype name. */
public final class SeedBits {
    private SeedBits() {}

    public static int of(String dtype) {
        if (dtype == null) {
            return 16;
        }
        // the spellings are WeightDtypes' aliases; t is the whole bits of the canonical name
        String name = WeightDtypes.find(dtype).map(WeightDtype::name).orElse("");
        return switch (name) {
            case "fp32" -> 32;
            case "fp16", "bf16" -> 16;
            case "fp8", "int8", "q8_0" -> 8;
            case "int4", "q4_0", "q4_k_m", "q4_k_s" -> 4;
            default ->
                throw SettingException.of(s -> "the seed method takes " + s.name(Setting.DTYPE)
                        + " fp32, bf16, fp16, fp8, int8 or int4; got '" + dtype + "'");
        };
    }
}
