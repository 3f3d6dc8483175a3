package dev.gpufit.model.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.gpufit.model.ModelFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a safetensors header the way the reference reader does
 * ({@code SafeTensors::read_metadata} + {@code Metadata::validate}), plus the checks the Rust
 * reader gets from its types (duplicate names, string-only {@code __metadata__}).
 *
 * <p>It never sees tensor data: it takes the header bytes and the file size, which is all the
 * validation needs. The JSON is streamed (Jackson's token parser over a strict UTF-8 decoder),
 * so memory is proportional to the number of tensors, not to anything a declared number says.
 */
public final class SafetensorsHeaderParser {
    /** MAX_HEADER_SIZE of the reference reader: 100 MB, decimal. */
    public static final long MAX_HEADER_LENGTH = 100_000_000L;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a header is flat: {name: {dtype, shape, offsets}}; deep nesting is an attack, not a model
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(64)
                    .build())
            .build();

    private SafetensorsHeaderParser() {}

    /**
     * Checks the 8-byte little-endian header length against the limits before anything is
     * allocated for it.
     *
     * @param rawLength the u64 as read into a Java long (negative when the top bit is set)
     */
    public static long checkHeaderLength(String file, long rawLength, long fileSize) {
        if (rawLength < 0 || rawLength > MAX_HEADER_LENGTH) {
            throw new ModelFileException(
                    file,
                    "safetensors header length " + Long.toUnsignedString(rawLength)
                            + " is over the 100,000,000-byte limit (not a safetensors file, or corrupt)");
        }
        if (rawLength > fileSize - 8) {
            throw new ModelFileException(
                    file,
                    "safetensors header length " + rawLength + " is larger than the " + (fileSize - 8)
                            + " bytes after the length field (truncated or corrupt file)");
        }
        if (rawLength < 2) {
            throw new ModelFileException(
                    file, "safetensors header length " + rawLength + " is too small for a JSON object");
        }
        return rawLength;
    }

    /** Parses a header held in memory (tests, Hub responses). */
    public static SafetensorsHeader parse(String file, byte[] header, long fileSize) {
        checkHeaderLength(file, header.length, fileSize);
        return parse(file, new ByteArrayInputStream(header), header.length, fileSize);
    }

    /**
     * Parses the {@code headerLength} bytes of JSON from {@code header} and validates every tensor
     * against the file size.
     *
     * @param header     a stream positioned at byte 8 of the file that yields the header bytes
     * @param fileSize   size of the whole file, needed for the no-trailing-bytes rule
     */
    public static SafetensorsHeader parse(String file, InputStream header, long headerLength, long fileSize) {
        Reader utf8 = strictUtf8(header);
        List<SafetensorsTensor> tensors = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(file, "header is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("__metadata__".equals(name)) {
                    readMetadata(file, p, metadata);
                } else {
                    tensors.add(readTensor(file, name, p));
                }
            }
            // Only whitespace may follow the object (writers pad with spaces to align the data).
            if (p.nextToken() != null) {
                throw bad(file, "unexpected content after the JSON header object");
            }
        } catch (CharacterCodingException e) {
            throw bad(file, "header is not valid UTF-8");
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            throw bad(
                    file,
                    m != null && m.startsWith("Duplicate field")
                            ? "header has a duplicate key: " + m.substring("Duplicate field ".length())
                            : "header is not valid JSON: " + m);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the safetensors header: " + e.getMessage(), e);
        }
        List<SafetensorsTensor> ordered = validateOffsets(file, tensors, headerLength, fileSize);
        return new SafetensorsHeader(file, headerLength, fileSize, ordered, metadata);
    }

    /** A reader that fails on malformed UTF-8 instead of replacing it, as the reference reader does. */
    static Reader strictUtf8(InputStream in) {
        return new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static void readMetadata(String file, JsonParser p, Map<String, String> metadata) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw bad(file, "__metadata__ is not an object of strings");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw bad(file, "__metadata__ value for " + ModelFileException.quote(key) + " is not a string");
            }
            metadata.put(key, p.getText());
        }
    }

    private static SafetensorsTensor readTensor(String file, String name, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw bad(file, "tensor " + ModelFileException.quote(name) + " is not an object");
        }
        SafetensorsDtype dtype = null;
        List<Long> shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw bad(file, "tensor " + ModelFileException.quote(name) + " dtype is not a string");
                    }
                    dtype = SafetensorsDtype.byName(p.getText());
                    if (dtype == null) {
                        throw bad(
                                file,
                                "tensor " + ModelFileException.quote(name) + " has unknown dtype "
                                        + ModelFileException.quote(p.getText()));
                    }
                }
                case "shape" -> shape = readUnsignedArray(file, name, "shape", p, Integer.MAX_VALUE);
                case "data_offsets" -> {
                    List<Long> o = readUnsignedArray(file, name, "data_offsets", p, 2);
                    if (o.size() != 2) {
                        throw bad(
                                file,
                                "tensor " + ModelFileException.quote(name) + " data_offsets must be [begin, end]");
                    }
                    offsets = new long[] {o.get(0), o.get(1)};
                }
                // The reference reader ignores unknown fields in an entry; so do we.
                default -> p.skipChildren();
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw bad(
                    file,
                    "tensor " + ModelFileException.quote(name) + " lacks "
                            + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        long elements = 1;
        for (long d : shape) {
            elements = multiply(file, name, elements, d, shape);
        }
        return new SafetensorsTensor(name, dtype, shape, elements, offsets[0], offsets[1]);
    }

    private static List<Long> readUnsignedArray(String file, String tensor, String field, JsonParser p, int max)
            throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad(file, "tensor " + ModelFileException.quote(tensor) + " " + field + " is not an array");
        }
        List<Long> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw bad(file, "tensor " + ModelFileException.quote(tensor) + " " + field + " holds a non-integer");
            }
            if (out.size() >= max) {
                throw bad(file, "tensor " + ModelFileException.quote(tensor) + " " + field + " has too many values");
            }
            BigInteger v = p.getBigIntegerValue();
            if (v.signum() < 0) {
                throw bad(
                        file,
                        "tensor " + ModelFileException.quote(tensor) + " " + field + " holds a negative value " + v);
            }
            if (v.bitLength() > 63) {
                throw bad(
                        file,
                        "tensor " + ModelFileException.quote(tensor) + " " + field + " value " + v
                                + " overflows a 64-bit size");
            }
            out.add(v.longValue());
        }
        return out;
    }

    private static long multiply(String file, String name, long a, long b, List<Long> shape) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw bad(
                    file,
                    "tensor " + ModelFileException.quote(name) + " shape " + shape
                            + " overflows a 64-bit element count");
        }
    }

    /**
     * The reference reader's offset rules: sorted by begin, contiguous from 0 with no holes or
     * overlap, each tensor exactly {@code elements * bits / 8} bytes, and the last one ending at
     * the end of the file (no trailing bytes: they would make polyglot files possible).
     */
    private static List<SafetensorsTensor> validateOffsets(
            String file, List<SafetensorsTensor> tensors, long headerLength, long fileSize) {
        List<SafetensorsTensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(SafetensorsTensor::begin).thenComparingLong(SafetensorsTensor::end));
        long expected = 0;
        for (SafetensorsTensor t : sorted) {
            if (t.begin() != expected || t.end() < t.begin()) {
                String why = t.begin() < expected
                        ? "overlaps the previous tensor"
                        : t.begin() > expected ? "leaves a hole after the previous tensor" : "ends before it begins";
                throw bad(
                        file,
                        "tensor " + ModelFileException.quote(t.name()) + " data_offsets [" + t.begin() + ", " + t.end()
                                + "] " + why);
            }
            long bits;
            try {
                bits = Math.multiplyExact(t.elements(), (long) t.dtype().bits());
            } catch (ArithmeticException e) {
                throw bad(
                        file,
                        "tensor " + ModelFileException.quote(t.name()) + " size in bits overflows (" + t.elements()
                                + " elements)");
            }
            if (bits % 8 != 0) {
                throw bad(
                        file,
                        "tensor " + ModelFileException.quote(t.name()) + " has " + t.elements() + " " + t.dtype()
                                + " elements, which is not a whole number of bytes");
            }
            if (t.end() - t.begin() != bits / 8) {
                throw bad(
                        file,
                        "tensor " + ModelFileException.quote(t.name()) + " data_offsets span " + (t.end() - t.begin())
                                + " bytes but shape " + t.shape() + " of " + t.dtype() + " needs " + bits / 8);
            }
            expected = t.end();
        }
        long room = fileSize - 8 - headerLength; // >= 0: checkHeaderLength ran first
        if (expected > room) {
            throw bad(
                    file,
                    "file is truncated: the tensors need " + expected + " bytes of data but the file has " + room);
        }
        if (expected < room) {
            throw bad(
                    file,
                    "file has " + (room - expected) + " bytes after the last tensor (not allowed in safetensors)");
        }
        return sorted;
    }

    private static ModelFileException bad(String file, String problem) {
        return new ModelFileException(file, problem);
    }
}
