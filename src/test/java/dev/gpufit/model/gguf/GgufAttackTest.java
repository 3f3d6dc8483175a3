package dev.gpufit.model.gguf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.files.GgufTestWriter;
import dev.gpufit.model.files.GgufTestWriter.Out;
import dev.gpufit.model.ggml.GgmlType;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crafted GGUF files behind the 2024 ggml CVEs (Databricks, Cisco Talos), llama.cpp's
 * handcrafted-file suite ({@code tests/test-gguf.cpp}) and later hardening (docs/formats.md#gguf-attacks).
 * Each one must be refused with a typed one-line error naming the file and the problem, in
 * milliseconds, allocating nothing of what it declares.
 */
public class GgufAttackTest {
    static final long U64_MAX = -1L;

    public static Stream<Arguments> attacks() {
        return Stream.of(
                // ---- header ----
                Arguments.of(
                        "bad magic",
                        new Out().bytes("GGML".getBytes()).u32(3).u64(0).u64(0).toBytes(),
                        "not a GGUF file"),
                Arguments.of("empty file", new byte[0], "not a GGUF file"),
                Arguments.of("version 0", header(0, 0, 0).toBytes(), "unsupported GGUF version 0"),
                Arguments.of("version 1", header(1, 0, 0).toBytes(), "version 1 is no longer supported"),
                Arguments.of("future version", header(4, 0, 0).toBytes(), "unsupported GGUF version 4"),
                Arguments.of(
                        "byte-swapped (big-endian) v3", header(0x03000000, 0, 0).toBytes(), "byte-swapped"),
                Arguments.of(
                        "n_tensors 2^64-1",
                        header(3, U64_MAX, 0).toBytes(),
                        "tensor count 18446744073709551615 is over the limit"),
                Arguments.of("n_tensors 2^63", header(3, Long.MIN_VALUE, 0).toBytes(), "is over the limit"),
                Arguments.of(
                        "n_tensors under the cap, over the file",
                        header(3, 60_000, 0).toBytes(),
                        "cannot fit in the"),
                Arguments.of(
                        "n_kv 2^64-1",
                        header(3, 0, U64_MAX).toBytes(),
                        "metadata count 18446744073709551615 is over the limit"),
                Arguments.of(
                        "n_kv just over SIZE_MAX/sizeof(kv)",
                        header(3, 0, Long.divideUnsigned(U64_MAX, 48) + 1).toBytes(),
                        "is over the limit"),
                Arguments.of("n_kv over the file", header(3, 0, 1000).toBytes(), "cannot fit in the"),
                // ---- metadata ----
                Arguments.of(
                        "key length 2^64-1",
                        kv(new Out().u64(U64_MAX)),
                        "metadata key length 18446744073709551615 is invalid"),
                Arguments.of(
                        "key length 2^40", kv(new Out().u64(1L << 40)), "metadata key length 1099511627776 is invalid"),
                Arguments.of("empty key", kv(new Out().u64(0).u32(4).u32(1)), "empty metadata key"),
                Arguments.of(
                        "key not UTF-8",
                        kv(new Out().u64(2).u8(0xC3).u8(0x28).u32(4).u32(1)),
                        "metadata key is not valid UTF-8"),
                Arguments.of(
                        "string value length 2^64-1",
                        kv(new Out().str("k").u32(8).u64(U64_MAX)),
                        "string length 18446744073709551615 of 'k' is invalid"),
                Arguments.of(
                        "string value length 2^40 in a small file",
                        kv(new Out().str("k").u32(8).u64(1L << 40)),
                        "string length 1099511627776"),
                Arguments.of("value type 13", kv(new Out().str("k").u32(13).u32(0)), "unknown value type 13"),
                Arguments.of("value type -1", kv(new Out().str("k").u32(-1).u32(0)), "unknown value type -1"),
                Arguments.of(
                        "array of arrays",
                        kv(new Out().str("k").u32(9).u32(9).u64(1).u32(4).u64(1).u32(7)),
                        "nested arrays are not supported"),
                Arguments.of(
                        "array of unknown type",
                        kv(new Out().str("k").u32(9).u32(42).u64(1)),
                        "array of unknown type 42"),
                Arguments.of(
                        "array of 2^61 UINT64",
                        kv(new Out().str("k").u32(9).u32(10).u64(1L << 61)),
                        "declares 2305843009213693952 elements"),
                Arguments.of(
                        "array of 2^60 STRING",
                        kv(new Out().str("k").u32(9).u32(8).u64(1L << 60)),
                        "declares 1152921504606846976 elements"),
                Arguments.of(
                        "array count 2^64-1",
                        kv(new Out().str("k").u32(9).u32(0).u64(U64_MAX)),
                        "declares 18446744073709551615 elements"),
                Arguments.of(
                        "string in array with length 2^64-1",
                        kv(new Out().str("k").u32(9).u32(8).u64(2).u64(U64_MAX).u64(0)),
                        "has invalid length 18446744073709551615"),
                Arguments.of(
                        "duplicate key",
                        new GgufTestWriter().u32("a", 1).u32("a", 2).toBytes(),
                        "duplicate metadata key 'a'"),
                Arguments.of(
                        "alignment 13",
                        new GgufTestWriter()
                                .u32("general.alignment", 13)
                                .tensor("t", GgmlType.F32, 4)
                                .toBytes(),
                        "general.alignment 13 is not a power of two"),
                Arguments.of(
                        "alignment 0",
                        new GgufTestWriter().u32("general.alignment", 0).toBytes(),
                        "general.alignment 0 is not a power of two"),
                Arguments.of(
                        "alignment of the wrong type (INT32)",
                        new GgufTestWriter()
                                .rawKv(new Out()
                                        .str("general.alignment")
                                        .u32(5)
                                        .u32(32)
                                        .toBytes())
                                .toBytes(),
                        "general.alignment is INT32, it must be UINT32"),
                // ---- tensor infos ----
                Arguments.of(
                        "tensor name length 2^64-1",
                        tensor(new Out().u64(U64_MAX)),
                        "tensor name length 18446744073709551615 is not under 64"),
                Arguments.of(
                        "tensor name of 64 bytes",
                        tensor(new Out()
                                .str("n".repeat(64))
                                .u32(1)
                                .u64(4)
                                .u32(0)
                                .u64(0)),
                        "tensor name length 64 is not under 64"),
                Arguments.of(
                        "n_dims 5",
                        tensor(new Out()
                                .str("t")
                                .u32(5)
                                .u64(1)
                                .u64(1)
                                .u64(1)
                                .u64(1)
                                .u64(1)
                                .u32(0)
                                .u64(0)),
                        "has 5 dimensions (at most 4)"),
                Arguments.of("n_dims 2^32-1", tensor(new Out().str("t").u32(-1)), "has 4294967295 dimensions"),
                Arguments.of(
                        "negative dimension",
                        tensor(new Out().str("t").u32(1).u64(-1).u32(0).u64(0)),
                        "negative dimension"),
                Arguments.of(
                        "element count overflow",
                        tensor(new Out()
                                .str("t")
                                .u32(2)
                                .u64(1L << 62)
                                .u64(8)
                                .u32(0)
                                .u64(0)),
                        "overflows a 64-bit size"),
                Arguments.of(
                        "gguf-rs #15 shape [2^64-1, 2, 1, 1]",
                        tensor(new Out()
                                .str("t")
                                .u32(4)
                                .u64(U64_MAX)
                                .u64(2)
                                .u64(1)
                                .u64(1)
                                .u32(0)
                                .u64(0)),
                        "negative dimension"),
                Arguments.of(
                        "byte size overflow (F32 of 2^62 elements)",
                        tensor(new Out().str("t").u32(1).u64(1L << 62).u32(0).u64(0)),
                        "overflows a 64-bit size"),
                Arguments.of(
                        "unknown type 43",
                        tensor(new Out().str("t").u32(1).u64(32).u32(43).u64(0)),
                        "unknown ggml type 43"),
                Arguments.of(
                        "negative type",
                        tensor(new Out().str("t").u32(1).u64(32).u32(-1).u64(0)),
                        "unknown ggml type -1"),
                Arguments.of(
                        "removed type 4 (Q4_2, block size 0)",
                        tensor(new Out().str("t").u32(1).u64(32).u32(4).u64(0)),
                        "removed ggml type 4"),
                Arguments.of(
                        "removed type 32 (Q4_0_4_8)",
                        tensor(new Out().str("t").u32(1).u64(32).u32(32).u64(0)),
                        "removed ggml type 32"),
                Arguments.of(
                        "row not a multiple of the block",
                        tensor(new Out().str("t").u32(1).u64(100).u32(12).u64(0)),
                        "not a multiple of the Q4_K block size 256"),
                Arguments.of(
                        "negative offset",
                        tensor(new Out().str("t").u32(1).u64(4).u32(0).u64(U64_MAX)),
                        "offset 18446744073709551615 is out of range"),
                Arguments.of(
                        "duplicate tensor name",
                        new GgufTestWriter()
                                .tensor("a", GgmlType.F32, 4)
                                .tensor("a", GgmlType.F32, 4)
                                .toBytes(),
                        "duplicate tensor name 'a'"),
                // ---- data section ----
                Arguments.of(
                        "offset out of the file",
                        withData(new Out().str("t").u32(1).u64(8).u32(0).u64(1L << 40), 64),
                        "lies outside the file"),
                Arguments.of(
                        "offset not aligned",
                        withData(new Out().str("t").u32(1).u64(8).u32(0).u64(4), 64),
                        "is not a multiple of the alignment 32"),
                Arguments.of(
                        "data ends past the file",
                        withData(new Out().str("t").u32(1).u64(64).u32(0).u64(0), 100),
                        "lies outside the file"),
                Arguments.of(
                        "overlapping tensors",
                        withData(
                                new Out()
                                        .str("a")
                                        .u32(1)
                                        .u64(16)
                                        .u32(0)
                                        .u64(0)
                                        .str("b")
                                        .u32(1)
                                        .u64(16)
                                        .u32(0)
                                        .u64(32),
                                128,
                                2),
                        "overlaps tensor 'a'"),
                Arguments.of(
                        "HANDCRAFTED_DATA_MEM_SIZE_OVERFLOW: two I8 of 0x7FFFFFFFFFFFFFC0",
                        withData(
                                new Out()
                                        .str("a")
                                        .u32(1)
                                        .u64(0x7FFFFFFFFFFFFFC0L)
                                        .u32(24)
                                        .u64(0)
                                        .str("b")
                                        .u32(1)
                                        .u64(0x7FFFFFFFFFFFFFC0L)
                                        .u32(24)
                                        .u64(0x7FFFFFFFFFFFFFC0L),
                                64,
                                2),
                        "lies outside the file"),
                Arguments.of(
                        "file truncated inside the tensor infos",
                        Arrays.copyOf(
                                GgufFixtures.tiny().toBytes(),
                                GgufFixtures.tiny().head().length - 40),
                        "truncated"),
                // ---- model level ----
                Arguments.of(
                        "block_count over 512",
                        new GgufTestWriter()
                                .string("general.architecture", "llama")
                                .u32("llama.block_count", 100_000)
                                .toBytes(),
                        "block_count 100000 is outside 1..512"),
                Arguments.of(
                        "block_count as a string",
                        new GgufTestWriter()
                                .string("general.architecture", "llama")
                                .string("llama.block_count", "32")
                                .toBytes(),
                        "llama.block_count is STRING, expected an integer"),
                Arguments.of(
                        "no architecture",
                        new GgufTestWriter().u32("llama.block_count", 2).toBytes(),
                        "has no general.architecture"),
                Arguments.of(
                        "per-layer key as an array of floats",
                        new GgufTestWriter()
                                .string("general.architecture", "llama")
                                .u32("llama.block_count", 2)
                                .rawKv(new Out()
                                        .str("llama.attention.head_count")
                                        .u32(9)
                                        .u32(6)
                                        .u64(2)
                                        .u32(0)
                                        .u32(0)
                                        .toBytes())
                                .toBytes(),
                        "expected a short list of integers"));
    }

    /** Each case parses in milliseconds; only a hang takes this long. */
    private static final Duration HANG = Duration.ofSeconds(10);

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusedWithATypedOneLineError(String attack, byte[] file, String expected) {
        // a hang (a loop on a hostile count) is still caught; 10 s leaves room for a loaded CI machine
        ModelFileException e = assertTimeoutPreemptively(
                HANG, () -> assertThrows(ModelFileException.class, () -> GgufFixtures.spec(file)));
        assertTrue(e.getMessage().startsWith("evil.gguf: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), attack + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    static Out header(long version, long nTensors, long nKv) {
        return GgufTestWriter.header(version, nTensors, nKv);
    }

    /** A v3 file with one key/value whose bytes are {@code kv}, followed by some slack bytes. */
    static byte[] kv(Out kv) {
        return header(3, 0, 1).bytes(kv.toBytes()).bytes(new byte[64]).toBytes();
    }

    /** A v3 file with one tensor info whose bytes are {@code info}, followed by some slack bytes. */
    static byte[] tensor(Out info) {
        return header(3, 1, 0).bytes(info.toBytes()).bytes(new byte[64]).toBytes();
    }

    static byte[] withData(Out infos, int dataBytes) {
        return withData(infos, dataBytes, 1);
    }

    /** Tensor infos, padding to 32, then {@code dataBytes} of data. */
    static byte[] withData(Out infos, int dataBytes, int nTensors) {
        Out o = header(3, nTensors, 0).bytes(infos.toBytes());
        while (o.size() % 32 != 0) {
            o.u8(0);
        }
        return o.bytes(new byte[dataBytes]).toBytes();
    }
}
