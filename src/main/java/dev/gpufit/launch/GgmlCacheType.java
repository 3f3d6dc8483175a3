package dev.gpufit.launch;

import java.util.Arrays;
import java.util.Optional;

/** The KV cache types llama.cpp's {@code -ctk/-ctv} accept (kv_cache_types in common/arg.cpp). */
public enum GgmlCacheType {
    F32("f32"),
    F16("f16"),
    BF16("bf16"),
    Q8_0("q8_0"),
    Q4_0("q4_0"),
    Q4_1("q4_1"),
    IQ4_NL("iq4_nl"),
    Q5_0("q5_0"),
    Q5_1("q5_1");

    private final String ggmlName;

    GgmlCacheType(String ggmlName) {
        this.ggmlName = ggmlName;
    }

    /** The name as ggml spells it and llama.cpp compares it (case-sensitive). */
    public String ggmlName() {
        return ggmlName;
    }

    static Optional<GgmlCacheType> of(String name) {
        return Arrays.stream(values()).filter(t -> t.ggmlName.equals(name)).findFirst();
    }

    static String allNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(GgmlCacheType::ggmlName).toList());
    }
}
