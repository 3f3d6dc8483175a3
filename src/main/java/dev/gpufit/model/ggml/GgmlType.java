package dev.gpufit.model.ggml;

import java.util.Locale;

/**
 * The ggml tensor types a GGUF file may use, with the block size and bytes per block that give
 * a tensor's exact size: {@code bytes = typeSize * (ne0 / blockSize) * ne1 * ne2 * ne3}
 * (ggml {@code type_traits}; sizes are {@code sizeof(block_*)} of ggml-common.h).
 *
 * <p>Ids 4, 5 (Q4_2/Q4_3) and 31–33, 36–38 (the repacked Q4_0_x_x / IQ4_NL_x_x) were removed
 * from ggml and have block size 0 there; they are absent here so lookups reject them, as any id
 * this table does not know.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17),
    NVFP4(40, 64, 36),
    Q1_0(41, 128, 18),
    Q2_0(42, 64, 18);

    private static final GgmlType[] BY_ID = new GgmlType[43];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The id stored in the file, e.g. 12 for Q4_K. */
    public int id() {
        return id;
    }

    /** Elements per block, e.g. 256 for the K-quants. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block, e.g. 144 for Q4_K. */
    public int typeSize() {
        return typeSize;
    }

    /** True when a row of {@code ne0} values packs into whole blocks (ggml requires it). */
    public boolean fits(long ne0) {
        return ne0 % blockSize == 0;
    }

    /** {@code ggml_row_size}: bytes of {@code n} values, n a multiple of the block. */
    public long bytesFor(long n) {
        return Math.multiplyExact(n / blockSize, (long) typeSize);
    }

    /** The name llama.cpp prints ("q4_K", "f32"). */
    public String ggmlName() {
        String n = name().toLowerCase(Locale.ROOT);
        return n.endsWith("_k") ? n.substring(0, n.length() - 1) + "K" : n;
    }

    /** The type with this id, or {@code null} for negative, removed or unknown ids. */
    public static GgmlType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /** True for the ids ggml once had and removed (the file is from an old or forked tool). */
    public static boolean isRemoved(long id) {
        return id == 4 || id == 5 || (id >= 31 && id <= 33) || (id >= 36 && id <= 38);
    }
}
