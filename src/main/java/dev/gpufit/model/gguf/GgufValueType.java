package dev.gpufit.model.gguf;

/** GGUF metadata value types (gguf.h {@code enum gguf_type}); there is no FLOAT16. */
public enum GgufValueType {
    UINT8(1),
    INT8(1),
    UINT16(2),
    INT16(2),
    UINT32(4),
    INT32(4),
    FLOAT32(4),
    BOOL(1),
    STRING(-1),
    ARRAY(-1),
    UINT64(8),
    INT64(8),
    FLOAT64(8);

    private final int size;

    GgufValueType(int size) {
        this.size = size;
    }

    /** Bytes of one value, or -1 for the variable-size STRING and ARRAY. */
    public int size() {
        return size;
    }

    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64 && this != BOOL && this != STRING && this != ARRAY;
    }

    /** The type with this id, or {@code null} when the id is negative or unknown. */
    public static GgufValueType byId(long id) {
        return id >= 0 && id < values().length ? values()[(int) id] : null;
    }
}
