package dev.gpufit.model.files;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gpufit.BadInputException;
import dev.gpufit.estimate.MemoryEstimate;
import dev.gpufit.estimate.MemoryEstimator;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.ggml.GgmlType;
import dev.gpufit.model.gguf.GgufModelMapper;
import dev.gpufit.model.gguf.GgufParser;
import dev.gpufit.model.safetensors.SafetensorsFileReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the safetensors and GGUF parsers: valid files get bit flips, byte
 * replacements, truncations, insertions, deletions, copied chunks and rewritten length fields,
 * and every result must either parse or be refused with the typed {@link ModelFileException}
 * (one line, naming the file) — no other exception, no OutOfMemoryError, and no input slower
 * than 100 ms. A GGUF mutant that maps to a {@link ModelSpec} is also estimated with the default
 * workload: the estimate must be a typed refusal ({@link BadInputException}) or, for a model with
 * layers and ordinary attention, a KV cache above 0 bytes (a spec with 0 heads used to give 0).
 *
 * <p>The budget is {@code gpufit.fuzz.tries} inputs per format (300 in the normal build, set by
 * the pom; {@code mvn -Pfuzz test} runs the long campaign). The seed is fixed so a failure
 * reproduces; {@code -Dgpufit.fuzz.seed=N} explores elsewhere. A failing input is saved under
 * {@code target/fuzz-failures/}.
 */
class ModelFileFuzzTest {
    private static final int TRIES = Integer.getInteger("gpufit.fuzz.tries", 300);
    private static final long SEED = Long.getLong("gpufit.fuzz.seed", 0x6775_6666L);
    private static final long LIMIT_NANOS = 100_000_000L;
    /** Inputs before the JIT has compiled the parser are slow; their time is not judged. */
    private static final int WARMUP = Math.min(200, Math.max(20, TRIES / 10));

    private static final long[] INTERESTING_U64 = {
        0,
        1,
        2,
        7,
        8,
        31,
        32,
        63,
        64,
        255,
        0x7FFF_FFFFL,
        0xFFFF_FFFFL,
        1L << 32,
        1L << 40,
        1L << 60,
        1L << 61,
        1L << 62,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        -1L,
        -2L,
        100_000_000L,
        100_000_001L,
    };
    private static final int[] INTERESTING_U32 = {
        0, 1, 2, 3, 4, 5, 8, 9, 12, 13, 24, 31, 32, 39, 42, 43, 64, -1, 0x0300_0000
    };

    /** Parses a file; returns the ModelSpec when the format maps to one (GGUF), else null. */
    private interface Parser {
        ModelSpec parse(byte[] file) throws IOException;
    }

    private record Seed(byte[] bytes, int headLength) {}

    @Test
    void safetensorsMutantsParseOrFailTyped() {
        List<Seed> seeds = new ArrayList<>();
        SafetensorsTestWriter a = new SafetensorsTestWriter()
                .metadata("format", "pt")
                .tensor("model.embed_tokens.weight", "BF16", 8, 4)
                .tensor("model.layers.0.self_attn.q_proj.qweight", "I32", 2, 4)
                .tensor("model.layers.0.self_attn.q_proj.scales", "F16", 1, 4)
                .tensor("model.layers.0.mlp.experts.down_proj_blocks", "U8", 2, 2, 16)
                .tensor("model.layers.0.mlp.experts.down_proj_scales", "U8", 2, 2)
                .tensor("model.layers.0.self_attn.rotary_emb.inv_freq", "F32", 4)
                .tensor("f4", "F4", 6, 2)
                .tensor("f8", "F8_E4M3", 3)
                .tensor("scalar", "F64");
        seeds.add(new Seed(a.toBytes(), 8 + a.header().length));
        SafetensorsTestWriter b =
                new SafetensorsTestWriter().tensor("w", "F32", 2, 2).tensor("b", "F6_E2M3", 4);
        seeds.add(new Seed(b.toBytes(), 8 + b.header().length));
        fuzz("safetensors", seeds, true, f -> {
            SafetensorsFileReader.read("fuzz.safetensors", new ByteArrayChannel(f));
            return null;
        });
    }

    @Test
    void ggufMutantsParseOrFailTyped() {
        List<Seed> seeds = new ArrayList<>();
        for (int version : new int[] {2, 3}) {
            GgufTestWriter w = new GgufTestWriter()
                    .version(version)
                    .string("general.architecture", "gemma2")
                    .string("general.name", "fuzz")
                    .u32("general.file_type", 15)
                    .u32("gemma2.block_count", 2)
                    .u32("gemma2.context_length", 8192)
                    .u32("gemma2.embedding_length", 256)
                    .u32("gemma2.feed_forward_length", 512)
                    .u32("gemma2.attention.head_count", 4)
                    .i32Array("gemma2.attention.head_count_kv", 2, 2)
                    .u32("gemma2.attention.sliding_window", 4096)
                    .u32("gemma2.expert_count", 4)
                    .u32("gemma2.expert_used_count", 2)
                    .f32("gemma2.rope.freq_base", 10000f)
                    .bool("tokenizer.ggml.add_bos_token", true)
                    .stringArray("tokenizer.ggml.tokens", 12)
                    .tensor("token_embd.weight", GgmlType.Q4_K, 256, 2)
                    .tensor("blk.0.attn_v.weight", GgmlType.Q6_K, 256, 1)
                    .tensor("blk.0.attn_norm.weight", GgmlType.F32, 16)
                    .tensor("blk.1.ffn_down.weight", GgmlType.Q8_0, 32, 2)
                    .tensor("output.weight", GgmlType.F16, 8, 4);
            seeds.add(new Seed(w.toBytes(), w.head().length));
        }
        GgufTestWriter mla = new GgufTestWriter()
                .alignment(64)
                .string("general.architecture", "deepseek2")
                .u32("deepseek2.block_count", 1)
                .u32("deepseek2.embedding_length", 64)
                .u32("deepseek2.attention.head_count", 4)
                .u32("deepseek2.attention.kv_lora_rank", 512)
                .u32("deepseek2.attention.key_length_mla", 192)
                .u32("deepseek2.attention.value_length_mla", 128)
                .u64("deepseek2.vocab_size", 10)
                .tensor("blk.0.attn_kv_a_mqa.weight", GgmlType.BF16, 4, 4)
                .tensor("e", GgmlType.MXFP4, 32, 1);
        seeds.add(new Seed(mla.toBytes(), mla.head().length));
        fuzz(
                "gguf",
                seeds,
                false,
                f -> GgufModelMapper.toSpec(
                        "fuzz.gguf", List.of(GgufParser.parse("fuzz.gguf", new ByteArrayChannel(f)))));
    }

    private static void fuzz(String format, List<Seed> seeds, boolean json, Parser parser) {
        for (Seed s : seeds) { // the seeds themselves must be valid
            run(format, -1, s.bytes(), parser);
        }
        SplittableRandom rnd = new SplittableRandom(SEED ^ format.hashCode());
        int accepted = 0;
        long maxNanos = 0;
        long maxWarmNanos = 0;
        long totalNanos = 0;
        List<byte[]> slow = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            Seed seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] input = mutate(seed, rnd, json);
            long t0 = System.nanoTime();
            boolean ok = run(format, i, input, parser);
            long dt = System.nanoTime() - t0;
            accepted += ok ? 1 : 0;
            totalNanos += dt;
            maxNanos = Math.max(maxNanos, dt);
            if (i >= WARMUP) {
                maxWarmNanos = Math.max(maxWarmNanos, dt);
                if (dt > LIMIT_NANOS && slow.size() < 20) {
                    slow.add(input);
                }
            }
        }
        // A pause of a noisy, shared machine (GC, another build) can stretch any one input; an
        // input is only slow if it is slow every time: the best of three runs is judged.
        long worstBest = 0;
        for (byte[] input : slow) {
            long best = Long.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                run(format, -2, input, parser);
                best = Math.min(best, System.nanoTime() - t0);
            }
            worstBest = Math.max(worstBest, best);
            if (best > LIMIT_NANOS) {
                save(format, "slow", input);
                fail(format + ": an input takes " + best / 1_000_000
                        + " ms (over 100 ms), saved under target/fuzz-failures");
            }
        }
        String summary = String.format(
                Locale.ROOT,
                "fuzz %s: %d inputs (seed %d), %d parsed, %d refused with ModelFileException; "
                        + "max %.2f ms per input after %d warm-up inputs (%.2f ms including warm-up), mean %.3f ms; "
                        + "%d re-timed, worst best-of-3 %.2f ms",
                format,
                TRIES,
                SEED,
                accepted,
                TRIES - accepted,
                maxWarmNanos / 1e6,
                WARMUP,
                maxNanos / 1e6,
                totalNanos / 1e6 / Math.max(1, TRIES),
                slow.size(),
                worstBest / 1e6);
        System.out.println(summary);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-" + format + ".txt"), summary + System.lineSeparator());
        } catch (IOException e) {
            // the summary is a convenience; the assertions above are the test
        }
    }

    /** True when the input parsed; false when refused with the typed error; fails the test otherwise. */
    private static boolean run(String format, int i, byte[] input, Parser parser) {
        ModelSpec spec;
        try {
            spec = parser.parse(input);
        } catch (ModelFileException e) {
            String m = e.getMessage();
            assertTrue(
                    m.startsWith("fuzz." + format + ": ") && !m.contains("\n") && m.length() < 1000,
                    "the error is one line naming the file: " + m);
            if (i == -1) {
                fail(format + " seed file is not valid: " + m);
            }
            return false;
        } catch (Throwable t) { // OutOfMemoryError, StackOverflowError, any other exception
            Path saved = save(format, "crash", input);
            fail(format + " input #" + i + " threw " + t + " (saved as " + saved + ")", t);
            return false;
        }
        if (spec != null) {
            estimate(format, i, input, spec);
        }
        return true;
    }

    /** The accepted spec through the estimator: a typed refusal, or a KV cache that is not 0 bytes. */
    private static void estimate(String format, int i, byte[] input, ModelSpec spec) {
        MemoryEstimate e;
        try {
            e = MemoryEstimator.estimate(spec, Workload.defaults());
        } catch (BadInputException refused) {
            assertTrue(!refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
            return;
        } catch (Throwable t) {
            Path saved = save(format, "estimate", input);
            fail(format + " input #" + i + " parsed, then the estimate threw " + t + " (saved as " + saved + ")", t);
            return;
        }
        if (spec.layers() > 0 && spec.mla() == null && e.kvCacheBytes() <= 0) {
            Path saved = save(format, "zero-kv", input);
            fail(format + " input #" + i + " estimated a KV cache of " + e.kvCacheBytes() + " bytes for "
                    + spec.layers() + " layers, " + spec.kvHeads() + " KV heads, head_dim " + spec.headDim()
                    + " (saved as " + saved + ")");
        }
    }

    private static byte[] mutate(Seed seed, SplittableRandom rnd, boolean json) {
        byte[] b = seed.bytes().clone();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            if (b.length == 0) {
                return b;
            }
            // most interesting bytes are in the header: aim there four times out of five
            int bound = rnd.nextInt(5) > 0 ? Math.min(seed.headLength(), b.length) : b.length;
            int pos = rnd.nextInt(bound);
            switch (rnd.nextInt(json ? 10 : 9)) {
                case 0 -> b[pos] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[pos] = (byte) rnd.nextInt(256);
                case 2 -> b[pos] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, 1, '"', '{', '[', '-', '9'}[rnd.nextInt(10)];
                case 3 -> b = Arrays.copyOf(b, pos);
                case 4 -> {
                    byte[] ins = new byte[1 + rnd.nextInt(16)];
                    for (int j = 0; j < ins.length; j++) {
                        ins[j] = (byte) rnd.nextInt(256);
                    }
                    b = splice(b, pos, 0, ins);
                }
                case 5 -> b = splice(b, pos, Math.min(b.length - pos, 1 + rnd.nextInt(16)), new byte[0]);
                case 6 -> { // a length or count field rewritten
                    long v = rnd.nextInt(4) == 0
                            ? rnd.nextLong(b.length + 16L)
                            : INTERESTING_U64[rnd.nextInt(INTERESTING_U64.length)];
                    int at = json && rnd.nextBoolean() ? 0 : pos;
                    b = put(
                            b,
                            at,
                            ByteBuffer.allocate(8)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .putLong(v)
                                    .array());
                }
                case 7 ->
                    b = put(
                            b,
                            pos,
                            ByteBuffer.allocate(4)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .putInt(INTERESTING_U32[rnd.nextInt(INTERESTING_U32.length)])
                                    .array());
                case 8 -> { // a chunk copied elsewhere: duplicated keys, tensors, fields
                    int len = 1 + rnd.nextInt(Math.min(64, b.length - pos));
                    b = splice(b, rnd.nextInt(b.length + 1), 0, Arrays.copyOfRange(b, pos, pos + len));
                }
                default -> { // JSON: a digit changed, so offsets and shapes disagree
                    for (int j = 0; j < 64; j++) {
                        int p = 8 + rnd.nextInt(Math.max(1, Math.min(seed.headLength(), b.length) - 8));
                        if (p < b.length && b[p] >= '0' && b[p] <= '9') {
                            b[p] = (byte) ('0' + rnd.nextInt(10));
                            break;
                        }
                    }
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static byte[] put(byte[] b, int at, byte[] v) {
        byte[] out = b.length >= at + v.length ? b : Arrays.copyOf(b, at + v.length);
        System.arraycopy(v, 0, out, at, v.length);
        return out;
    }

    private static Path save(String format, String kind, byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            Path f = Files.createTempFile(dir, format + "-" + kind + "-", "." + format);
            Files.write(f, input);
            return f;
        } catch (IOException e) {
            return Path.of("(not saved: " + e.getMessage() + ")");
        }
    }
}
