package dev.gpufit.estimate.engine;

import java.util.Locale;

/**
 * The ggml tensor types llama.cpp stores weights in: {@code bytes} per block of {@code block}
 * values (formats.md §2.5, ggml {@code type_traits}; sizes are {@code sizeof(block_*)}).
 */
public enum GgmlType {
    F32(1, 4), F16(1, 2), BF16(1, 2),
    Q4_0(32, 18), Q4_1(32, 20), Q5_0(32, 22), Q5_1(32, 24), Q8_0(32, 34),
    Q2_K(256, 84), Q3_K(256, 110), Q4_K(256, 144), Q5_K(256, 176), Q6_K(256, 210),
    IQ4_NL(32, 18), IQ4_XS(256, 136);

    private final int block;
    private final int bytes;

    GgmlType(int block, int bytes) {
        this.block = block;
        this.bytes = bytes;
    }

    public int block() {
        return block;
    }

    /** True when a row of {@code ne0} values packs into whole blocks (ggml requires it). */
    public boolean fits(long ne0) {
        return ne0 % block == 0;
    }

    /** {@code ggml_row_size}: bytes of {@code n} values, n a multiple of the block. */
    public long bytesFor(long n) {
        return Math.multiplyExact(n / block, (long) bytes);
    }

    /** The name llama.cpp prints ("q4_K", "f32"). */
    public String ggmlName() {
        String n = name().toLowerCase(Locale.ROOT);
        return n.endsWith("_k") ? n.substring(0, n.length() - 1) + "K" : n;
    }
}
