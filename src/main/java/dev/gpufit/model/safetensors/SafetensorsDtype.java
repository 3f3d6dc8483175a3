package dev.gpufit.model.safetensors;

import java.util.Locale;

/**
 * The dtypes a safetensors header may name, with their size in bits (huggingface/safetensors
 * {@code Dtype::bitsize}). Sizes are bits, not bytes, because F4 and F6 pack several elements
 * into a byte; a tensor's byte size is {@code elements * bits / 8} and must come out whole.
 */
public enum SafetensorsDtype {
    BOOL(8),
    F4(4),
    F6_E2M3(6),
    F6_E3M2(6),
    U8(8),
    I8(8),
    F8_E5M2(8),
    F8_E4M3(8),
    F8_E8M0(8),
    F8_E4M3FNUZ(8),
    F8_E5M2FNUZ(8),
    I16(16),
    U16(16),
    F16(16),
    BF16(16),
    I32(32),
    U32(32),
    F32(32),
    C64(64),
    F64(64),
    I64(64),
    U64(64);

    private final int bits;

    SafetensorsDtype(int bits) {
        this.bits = bits;
    }

    /** Bits one element takes in the byte buffer, e.g. 16 for BF16, 4 for F4. */
    public int bits() {
        return bits;
    }

    /** The dtype with this exact (case-sensitive, as the reference reader) name, or null. */
    public static SafetensorsDtype byName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Lower-case name for reports, e.g. "bf16". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
