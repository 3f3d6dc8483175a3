package dev.gpufit.estimate;

import java.util.List;

/**
 * One weight precision gpufit can estimate for, with its cost per weight as an exact fraction of a
 * byte ({@code bytesNum / bytesDen}).
 *
 * @param name        canonical name (fp16, int4, q4_k_m ...)
 * @param aliases     other accepted spellings
 * @param kind        how the rate applies to the parameters
 * @param bytesNum    bytes per weight, numerator
 * @param bytesDen    bytes per weight, denominator
 * @param description how the rate was derived (goes into the estimate's notes)
 */
public record WeightDtype(
        String name, List<String> aliases, Kind kind, long bytesNum, long bytesDen, String description) {
    public enum Kind {
        /** Every parameter stored at this width (fp32, bf16, fp16). */
        FLOAT,
        /** Linear layers packed at this rate; embeddings, lm_head, norms, routers stay 16-bit. */
        PACKED,
        /** A llama.cpp GGUF mix: a nominal bits/weight over the whole file; the real mix varies per tensor. */
        GGUF
    }

    public WeightDtype {
        aliases = List.copyOf(aliases);
    }

    /** Bits per weight of the packed/float part, e.g. 4.15625 for int4 with g128 scales. */
    public double bitsPerWeight() {
        return 8.0 * bytesNum / bytesDen;
    }

    /** {@code ceil(count · num / den)} bytes, exactly. */
    public long bytesFor(long count) {
        return ceilDiv(Math.multiplyExact(count, bytesNum), bytesDen);
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
