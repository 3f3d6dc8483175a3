package dev.gpufit.estimate;

import dev.gpufit.BadInputException;
import java.util.List;
import java.util.Locale;

/**
 * A KV-cache element type: {@code blockBytes} bytes per block of {@code blockSize} values
 * (ggml row size = n / block · bytes; F16 is 2 bytes per 1 value, q8_0 34 bytes per 32).
 *
 * @param name       canonical name
 * @param blockSize  values per block (1 for plain types, 32 for llama.cpp's quantized cache)
 * @param blockBytes bytes per block
 */
public record KvDtype(String name, int blockSize, int blockBytes) {
    private static final List<KvDtype> ALL = List.of(
            new KvDtype("f32", 1, 4), new KvDtype("f16", 1, 2), new KvDtype("bf16", 1, 2),
            new KvDtype("fp8", 1, 1), new KvDtype("q8_0", 32, 34), new KvDtype("q5_1", 32, 24),
            new KvDtype("q5_0", 32, 22), new KvDtype("q4_1", 32, 20), new KvDtype("q4_0", 32, 18),
            new KvDtype("iq4_nl", 32, 18));

    public static List<KvDtype> all() {
        return ALL;
    }

    public static KvDtype of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        n = switch (n) {
            case "fp16", "float16", "half" -> "f16";
            case "bfloat16" -> "bf16";
            case "fp32", "float32" -> "f32";
            case "fp8_e4m3", "fp8_e5m2", "e4m3", "e5m2", "f8" -> "fp8";
            default -> n;
        };
        for (KvDtype d : ALL) {
            if (d.name.equals(n)) {
                return d;
            }
        }
        throw new BadInputException("unknown --kv-dtype '" + name + "'; valid: "
                + String.join(", ", ALL.stream().map(KvDtype::name).toList()));
    }

    /** Bytes of one row of {@code n} values; quantized types need n divisible by the block. */
    public long rowBytes(long n) {
        if (n % blockSize != 0) {
            throw new BadInputException("--kv-dtype " + name + " packs blocks of " + blockSize
                    + " values; a KV row of " + n + " values does not divide");
        }
        return Math.multiplyExact(n / blockSize, (long) blockBytes);
    }
}
