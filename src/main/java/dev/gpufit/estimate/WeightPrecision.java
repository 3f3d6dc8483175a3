package dev.gpufit.estimate;

import java.util.Locale;
import java.util.Objects;

/**
 * The weight precision a workload asks for: one of {@link WeightDtypes#all()} (a float or packed
 * format, or a GGUF type such as q4_k_m), with the spelling it was given in, which notes and
 * outputs echo ({@code gptq} stays {@code gptq}, sized as int4).
 *
 * @param spelling the name as given, lower case
 * @param dtype    the format it names
 */
public record WeightPrecision(String spelling, WeightDtype dtype) {
    public WeightPrecision {
        Objects.requireNonNull(spelling, "spelling");
        Objects.requireNonNull(dtype, "dtype");
    }

    /** The precision {@code name} names; bad input listing the valid names when none. */
    public static WeightPrecision of(String name) {
        return new WeightPrecision(name.toLowerCase(Locale.ROOT), WeightDtypes.of(name));
    }

    /** The canonical name of the format (fp16, int4, q4_k_m ...). */
    public String name() {
        return dtype.name();
    }

    @Override
    public String toString() {
        return spelling;
    }
}
