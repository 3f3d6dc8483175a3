package dev.gpufit.model.gguf;

/**
 * One metadata value with its stored type.
 *
 * @param type  the type in the file (needed: {@code general.alignment} must be UINT32)
 * @param value Long for every integer type (a UINT64 above 2^63-1 is kept as its raw,
 *              negative, bits), Double for floats, Boolean, String,
 *              {@link GgufSkippedString} for a string too long to keep, or {@link GgufArray}
 */
public record GgufValue(GgufValueType type, Object value) {}
