package dev.gpufit.fit;

import java.util.List;

/** The weight formats gpufit suggests and plans over, from most to least precise. */
public final class Quantizations {
    /** The ladder {@code plan} prints and {@code fit} walks down when the model does not fit. */
    public static final List<String> LADDER =
            List.of("bf16", "fp8", "int8", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "int4", "q3_k_m", "q2_k");

    private Quantizations() {}
}
