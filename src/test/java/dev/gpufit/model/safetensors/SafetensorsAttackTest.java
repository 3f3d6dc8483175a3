package dev.gpufit.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.files.ByteArrayChannel;
import dev.gpufit.model.files.SafetensorsTestWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The safetensors attacks of docs/formats.md#safetensors-attacks (huggingface/safetensors attacks/README.md and the
 * reference reader's tests): each must be refused with a typed, one-line error that says what
 * is wrong, quickly, without allocating what the file declares.
 */
public class SafetensorsAttackTest {

    public static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of(
                        "header length larger than the file (0xFF..)",
                        bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),
                        "over the 100,000,000-byte limit"),
                Arguments.of(
                        "header length larger than the file",
                        concat(SafetensorsTestWriter.lengthPrefix(1000), "{}".getBytes()),
                        "larger than the 2 bytes"),
                Arguments.of(
                        "header just over 100 MB",
                        concat(SafetensorsTestWriter.lengthPrefix(100_000_001), "{}".getBytes()),
                        "over the 100,000,000-byte limit"),
                Arguments.of("file shorter than the length field", bytes(1, 2, 3), "too small for a safetensors file"),
                Arguments.of(
                        "overlapping offsets (many tensors on the same bytes)",
                        SafetensorsTestWriter.file(overlapping(1000), 16),
                        "overlaps the previous tensor"),
                Arguments.of(
                        "shape overflow [2, 2^64-2]",
                        SafetensorsTestWriter.file(
                                "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,18446744073709551614],\"data_offsets\":[0,16]}}",
                                16),
                        "overflows a 64-bit size"),
                Arguments.of(
                        "shape overflow [2, 2^63-1]",
                        SafetensorsTestWriter.file(
                                "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,9223372036854775807],\"data_offsets\":[0,16]}}",
                                16),
                        "overflows a 64-bit element count"),
                Arguments.of(
                        "bits overflow",
                        SafetensorsTestWriter.file(
                                "{\"test\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904],\"data_offsets\":[0,16]}}",
                                16),
                        "size in bits overflows"),
                Arguments.of(
                        "offsets not matching the shape",
                        SafetensorsTestWriter.file(
                                "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,4]}}", 4),
                        "span 4 bytes but shape [2, 2] of I32 needs 16"),
                Arguments.of(
                        "trailing bytes after the last tensor",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 5),
                        "1 bytes after the last tensor"),
                Arguments.of(
                        "data section shorter than the tensors",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]}}", 3),
                        "file is truncated"),
                Arguments.of(
                        "hole between tensors",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                                        + "\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[8,12]}}",
                                12),
                        "leaves a hole"),
                Arguments.of(
                        "header not JSON (length 1, '{')",
                        concat(bytes(1, 0, 0, 0, 0, 0, 0, 0), "{".getBytes()),
                        "too small for a JSON object"),
                Arguments.of("header not JSON", SafetensorsTestWriter.file("{\"a\": nope}", 0), "not valid JSON"),
                Arguments.of("header a JSON array", SafetensorsTestWriter.file("[1,2,3]", 0), "not a JSON object"),
                Arguments.of(
                        "header not UTF-8",
                        SafetensorsTestWriter.file(
                                concat("{\"a".getBytes(), bytes(0xC3, 0x28), "\":{}}".getBytes()), 0),
                        "not valid UTF-8"),
                Arguments.of(
                        "content after the JSON object",
                        SafetensorsTestWriter.file("{} {}", 0),
                        "unexpected content after"),
                Arguments.of(
                        "non-string metadata",
                        SafetensorsTestWriter.file("{\"__metadata__\":{\"n\":1}}", 0),
                        "__metadata__ value for 'n' is not a string"),
                Arguments.of(
                        "nested metadata",
                        SafetensorsTestWriter.file("{\"__metadata__\":{\"n\":{\"x\":\"y\"}}}", 0),
                        "is not a string"),
                Arguments.of(
                        "duplicate tensor names",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                                        + "\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[4,8]}}",
                                8),
                        "duplicate key: 'a'"),
                Arguments.of(
                        "odd F4 element count",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2),
                        "not a whole number of bytes"),
                Arguments.of(
                        "unknown dtype",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16),
                        "unknown dtype 'F128'"),
                Arguments.of(
                        "negative dimension",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}}", 1),
                        "negative value"),
                Arguments.of(
                        "fractional offset",
                        SafetensorsTestWriter.file(
                                "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1.5]}}", 1),
                        "non-integer"),
                Arguments.of(
                        "entry missing data_offsets",
                        SafetensorsTestWriter.file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1]}}", 1),
                        "lacks data_offsets"),
                Arguments.of(
                        "deep nesting",
                        SafetensorsTestWriter.file("{\"a\":{\"x\":" + "[".repeat(5000), 0),
                        "nesting depth"));
    }

    /** Each case parses in milliseconds; only a hang takes this long. */
    private static final Duration HANG = Duration.ofSeconds(10);

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusedWithATypedOneLineError(String attack, byte[] file, String expected) {
        // a hang (a loop on a hostile count) is still caught; 10 s leaves room for a loaded CI machine
        ModelFileException e = assertTimeoutPreemptively(
                HANG,
                () -> assertThrows(
                        ModelFileException.class,
                        () -> SafetensorsFileReader.read("evil.safetensors", new ByteArrayChannel(file))));
        assertTrue(e.getMessage().startsWith("evil.safetensors: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), attack + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static byte[] overlapping(int n) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("\"t")
                    .append(i)
                    .append("\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}");
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
