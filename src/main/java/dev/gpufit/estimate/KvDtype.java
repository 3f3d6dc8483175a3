package dev.gpufit.estimate;

import dev.gpufit.model.ggml.GgmlType;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
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
    /** The ggml types llama.cpp's -ctk/-ctv take, sized by the one ggml table; fp8 is vLLM's, not ggml's. */
    private static final List<KvDtype> ALL = List.of(
            ggml(GgmlType.F32),
            ggml(GgmlType.F16),
            ggml(GgmlType.BF16),
            new KvDtype("fp8", 1, 1),
            ggml(GgmlType.Q8_0),
            ggml(GgmlType.Q5_1),
            ggml(GgmlType.Q5_0),
            ggml(GgmlType.Q4_1),
            ggml(GgmlType.Q4_0),
            ggml(GgmlType.IQ4_NL));

    private static KvDtype ggml(GgmlType t) {
        return new KvDtype(t.name().toLowerCase(Locale.ROOT), t.blockSize(), t.typeSize());
    }

    public static List<KvDtype> all() {
        return ALL;
    }

    public static KvDtype of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        // float spellings are WeightDtypes' aliases (fp16, half, bfloat16, e4m3 ...), named as ggml names them
        n = WeightDtypes.find(n)
                .filter(d -> d.kind() == WeightDtype.Kind.FLOAT || d.name().equals("fp8"))
                .map(d -> d.name().replace("fp32", "f32").replace("fp16", "f16"))
                .orElse(n);
        for (KvDtype d : ALL) {
            if (d.name.equals(n)) {
                return d;
            }
        }
        throw SettingException.of(s -> "unknown " + s.name(Setting.KV_DTYPE) + " '" + name + "'; valid: "
                + String.join(", ", ALL.stream().map(KvDtype::name).toList()));
    }

    /** Bytes of one row of {@code n} values; quantized types need n divisible by the block. */
    public long rowBytes(long n) {
        if (n % blockSize != 0) {
            throw SettingException.of(s -> s.spell(Setting.KV_DTYPE, name) + " packs blocks of " + blockSize
                    + " values; a KV row of " + n + " values does not divide");
        }
        return Math.multiplyExact(n / blockSize, (long) blockBytes);
    }
}
