package dev.gpufit.estimate;

import dev.gpufit.estimate.WeightDtype.Kind;
import dev.gpufit.note.Setting;
import dev.gpufit.note.SettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The weight precisions {@code --dtype} accepts, in order from largest to smallest, so
 * {@code plan} can iterate them. Sources: GPTQ/AWQ tensor layout
 * (docs/formats.md#quantized-checkpoints), ggml block sizes (docs/formats.md#ggml-types) and
 * llama.cpp's measured file sizes of the popular mixes
 * (docs/formats.md#file-types-and-the-bits-per-weight-of-mixes).
 */
public final class WeightDtypes {
    private static final String MIX =
            "approximate: the real mix varies per tensor; point gpufit at the .gguf for exact bytes";
    private static final List<WeightDtype> ALL = byBitsDescending(List.of(
            new WeightDtype("fp32", List.of("f32", "float32", "float"), Kind.FLOAT, 4, 1, "4 bytes per weight"),
            new WeightDtype("bf16", List.of("bfloat16"), Kind.FLOAT, 2, 1, "2 bytes per weight"),
            new WeightDtype("fp16", List.of("f16", "float16", "half"), Kind.FLOAT, 2, 1, "2 bytes per weight"),
            new WeightDtype(
                    "fp8",
                    List.of("f8", "fp8_e4m3", "e4m3", "float8", "fp8_e5m2", "e5m2"),
                    Kind.PACKED,
                    1,
                    1,
                    "1 byte per linear weight; embeddings, lm_head and norms stay 16-bit"),
            new WeightDtype(
                    "int8",
                    List.of("i8", "w8a16", "bnb8", "llm.int8"),
                    Kind.PACKED,
                    1,
                    1,
                    "1 byte per linear weight (per-row scales ignored: < 0.1%); embeddings, lm_head and norms stay 16-bit"),
            gguf("q8_0", 851, "8.5 bpw nominal (34 bytes per 32 weights); mix 8.51 bpw"),
            gguf("q6_k", 657, "6.5625 bpw nominal; mix 6.57 bpw"),
            gguf("q5_k_m", 570, "mix 5.70 bpw"),
            gguf("q5_k_s", 557, "mix 5.57 bpw"),
            gguf("q5_0", 557, "5.5 bpw nominal; mix 5.57 bpw"),
            gguf("q4_1", 511, "5.0 bpw nominal; mix 5.11 bpw"),
            gguf("q4_k_m", 490, "mix 4.90 bpw"),
            gguf("q4_k_s", 467, "mix 4.67 bpw"),
            gguf("q4_0", 464, "4.5 bpw nominal; mix 4.64 bpw"),
            gguf("iq4_nl", 450, "4.5 bpw nominal"),
            gguf("iq4_xs", 425, "4.25 bpw nominal"),
            // int4 with GPTQ/AWQ group scales: per group of 128 weights one fp16 scale (2 bytes) and one
            // packed 4-bit zero point (0.5 byte): 0.5 + 2.5/128 = 133/256 bytes = 4.15625 bits per weight
            new WeightDtype(
                    "int4",
                    List.of("i4", "gptq", "awq", "w4a16"),
                    Kind.PACKED,
                    133,
                    256,
                    "GPTQ/AWQ g128: 0.5 byte + (2-byte fp16 scale + 0.5-byte packed zero)/128 = 0.51953125 bytes"
                            + " (4.15625 bits) per linear weight; embeddings, lm_head and norms stay 16-bit"),
            new WeightDtype(
                    "nf4",
                    List.of("bnb4", "fp4"),
                    Kind.PACKED,
                    9,
                    16,
                    "bitsandbytes 4-bit: 0.5 byte + fp32 absmax per 64 weights = 0.5625 bytes per linear weight"
                            + " (double quantization lowers it to ~0.508)"),
            new WeightDtype(
                    "mxfp4",
                    List.of("mx4"),
                    Kind.PACKED,
                    17,
                    32,
                    "MXFP4: 16 bytes of 4-bit values + 1 E8M0 scale per 32 weights = 4.25 bits per weight"),
            gguf("q3_k_l", 431, "mix 4.31 bpw"),
            gguf("q3_k_m", 400, "mix 4.00 bpw"),
            gguf("q3_k_s", 365, "mix 3.65 bpw"),
            gguf("iq3_m", 366, "3.66 bpw nominal"),
            gguf("iq3_s", 344, "3.44 bpw nominal"),
            gguf("iq3_xs", 330, "3.3 bpw nominal"),
            gguf("q2_k", 317, "2.625 bpw nominal; mix 3.17 bpw"),
            gguf("iq3_xxs", 306, "3.06 bpw nominal"),
            gguf("iq2_m", 270, "2.7 bpw nominal"),
            gguf("iq2_s", 250, "2.5 bpw nominal"),
            gguf("iq2_xs", 231, "2.31 bpw nominal"),
            gguf("iq2_xxs", 206, "2.06 bpw nominal"),
            gguf("iq1_m", 175, "1.75 bpw nominal"),
            gguf("iq1_s", 156, "1.56 bpw nominal")));

    /**
     * The formats plan walks and fit suggests, most to least precise: a choice among {@link #all()}
     * (the popular ones, not every GGUF mix). Engines take the part they can load ({@link #ladder}).
     */
    public static final List<String> LADDER =
            List.of("bf16", "fp8", "int8", "q8_0", "q6_k", "q5_k_m", "q4_k_m", "int4", "q3_k_m", "q2_k");

    private WeightDtypes() {}

    /** The part of {@link #LADDER} an engine loads, in the ladder's order. */
    public static List<String> ladder(Predicate<WeightDtype> loads) {
        return LADDER.stream().filter(n -> loads.test(of(n))).toList();
    }

    /** Largest first (stable), so plan can walk down the ladder. */
    private static List<WeightDtype> byBitsDescending(List<WeightDtype> in) {
        List<WeightDtype> out = new ArrayList<>(in);
        out.sort(
                java.util.Comparator.comparingDouble(WeightDtype::bitsPerWeight).reversed());
        return List.copyOf(out);
    }

    /** Every precision, largest first. */
    public static List<WeightDtype> all() {
        return ALL;
    }

    public static Optional<WeightDtype> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(d -> d.name().equals(n) || d.aliases().contains(n))
                .findFirst();
    }

    /** The precision named, or exit 2 listing the valid names. */
    public static WeightDtype of(String name) {
        return find(name)
                .orElseThrow(() -> SettingException.of(s ->
                        "unknown " + s.name(Setting.DTYPE) + " '" + name + "'; valid: " + String.join(", ", names())));
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        ALL.forEach(d -> out.add(d.name()));
        return out;
    }

    /** GGUF mix at {@code bpw100}/100 bits per weight: bytes = params · bpw100 / 800. */
    private static WeightDtype gguf(String name, long bpw100, String how) {
        return new WeightDtype(
                name,
                List.of(),
                Kind.GGUF,
                bpw100,
                800,
                "GGUF " + name.toUpperCase(Locale.ROOT) + " at " + String.format(Locale.ROOT, "%.2f", bpw100 / 100.0)
                        + " bits per weight (" + how + "; formats.md §2.5/§2.7, measured on Llama-3-8B); " + MIX);
    }
}
