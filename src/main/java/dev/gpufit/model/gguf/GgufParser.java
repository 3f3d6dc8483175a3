package dev.gpufit.model.gguf;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.ggml.GgmlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a GGUF v2/v3 header, metadata and tensor table from a channel, and validates them
 * against every known crafted-file attack on GGUF readers (docs/formats.md#gguf-attacks: the 2024 ggml
 * overflows, the Talos advisories, later llama.cpp hardening). Tensor data is never read.
 *
 * <p>The rule that keeps memory bounded: no count or length from the file sizes anything until
 * it has been checked against the bytes left in the file and a fixed cap. Long strings and
 * long arrays are skipped, not materialised; only what gpufit needs is kept.
 */
public final class GgufParser {
    /** "GGUF" as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    /** ggml's GGML_MAX_DIMS. */
    public static final int MAX_DIMS = 4;
    /** ggml's GGML_MAX_NAME: names must be shorter. */
    public static final int MAX_NAME = 64;
    /** The spec's limit on key length. */
    public static final int MAX_KEY_LENGTH = 65_535;
    /** ggml's GGUF_MAX_STRING_LENGTH / GGUF_MAX_ARRAY_ELEMENTS (1 GiB). */
    public static final long MAX_STRING_LENGTH = 1L << 30;

    public static final long MAX_ARRAY_ELEMENTS = 1L << 30;
    /** Caps on entries; real models have a few dozen keys and a few thousand tensors per file. */
    public static final long MAX_KV = 65_536;

    public static final long MAX_TENSORS = 65_536;
    /** Strings longer than this are skipped (kept as their length). */
    static final int KEEP_STRING = 64 * 1024;
    /** Arrays longer than this are counted, not kept (per-layer arrays are at most 512 long). */
    static final int KEEP_ARRAY = 4096;
    /** Bytes of kept values over the whole file; past it values are skipped (counted only). */
    static final long VALUE_BUDGET = 16L * 1024 * 1024;
    /** Bytes of keys and tensor names over the whole file; past it the file is refused. */
    static final long NAME_BUDGET = 8L * 1024 * 1024;

    private final String file;
    private final GgufInput in;
    private long valueBudget = VALUE_BUDGET;
    private long nameBudget = NAME_BUDGET;

    private GgufParser(String file, GgufInput in) {
        this.file = file;
        this.in = in;
    }

    /** Parses {@code ch} (a file, or bytes in memory); {@code file} names it in errors. */
    public static GgufFile parse(String file, SeekableByteChannel ch) throws IOException {
        try {
            return new GgufParser(file, new GgufInput(file, ch)).parse();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private GgufFile parse() {
        if (in.size() < 4 || in.i32() != MAGIC) {
            throw bad("not a GGUF file (the magic bytes are not \"GGUF\")");
        }
        long version = in.u32();
        if (version == 1) {
            throw bad("GGUF version 1 is no longer supported (re-convert it with a current llama.cpp)");
        }
        if (version != 0 && (version & 0xFFFF) == 0) {
            throw bad("GGUF file is byte-swapped (big-endian); only little-endian files are supported");
        }
        if (version != 2 && version != 3) {
            throw bad("unsupported GGUF version " + version + " (2 and 3 are supported)");
        }
        long nTensors = in.i64();
        long nKv = in.i64();
        // minimum sizes: a tensor info is name length 8 + n_dims 4 + type 4 + offset 8;
        // a key/value is key length 8 + type 4 + at least 1 byte of value
        checkCount("tensor count", nTensors, MAX_TENSORS, 24);
        checkCount("metadata count", nKv, MAX_KV, 13);

        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = readKey();
            if (kv.containsKey(key)) {
                throw bad("duplicate metadata key " + ModelFileException.quote(key) + "");
            }
            int typeId = in.i32();
            GgufValueType type = GgufValueType.byId(typeId);
            if (type == null) {
                throw bad("metadata " + ModelFileException.quote(key) + " has unknown value type " + typeId);
            }
            kv.put(key, new GgufValue(type, readValue(key, type)));
        }
        GgufMetadata metadata = new GgufMetadata(file, kv);
        long alignment = alignment(kv.get("general.alignment"));

        List<GgufTensorInfo> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < nTensors; i++) {
            GgufTensorInfo t = readTensorInfo();
            if (!names.add(t.name())) {
                throw bad("duplicate tensor name " + ModelFileException.quote(t.name()) + "");
            }
            tensors.add(t);
        }
        long end = in.position();
        long dataStart = end + (alignment - end % alignment) % alignment;
        checkData(tensors, alignment, dataStart);
        return new GgufFile(file, (int) version, alignment, dataStart, in.size(), metadata, tensors);
    }

    private void checkCount(String what, long n, long cap, long minBytesEach) {
        if (n < 0 || n > cap) {
            throw bad(what + " " + Long.toUnsignedString(n) + " is over the limit of " + cap);
        }
        if (n > in.remaining() / minBytesEach) {
            throw bad(what + " " + n + " cannot fit in the " + in.remaining() + " bytes left in the file");
        }
    }

    // ---- metadata ----

    private String readKey() {
        long len = in.i64();
        if (len <= 0 || len > MAX_KEY_LENGTH || len > in.remaining()) {
            throw bad(
                    len == 0
                            ? "empty metadata key"
                            : "metadata key length " + Long.toUnsignedString(len) + " is invalid (limit "
                                    + MAX_KEY_LENGTH + ", " + in.remaining() + " bytes left)");
        }
        spendNames(len, "metadata keys");
        return utf8(in.bytes((int) len), "metadata key");
    }

    private Object readValue(String key, GgufValueType type) {
        return switch (type) {
            case ARRAY -> readArray(key);
            case STRING -> readString(key);
            default -> readScalar(type);
        };
    }

    private Object readScalar(GgufValueType type) {
        return switch (type) {
            case UINT8 -> (long) in.u8();
            case INT8 -> (long) (byte) in.u8();
            case UINT16 -> (long) in.u16();
            case INT16 -> (long) (short) in.u16();
            case UINT32 -> in.u32();
            case INT32 -> (long) in.i32();
            case UINT64, INT64 -> in.i64();
            case FLOAT32 -> (double) Float.intBitsToFloat(in.i32());
            case FLOAT64 -> Double.longBitsToDouble(in.i64());
            // ggml reads an int8 and takes any non-zero value as true
            case BOOL -> in.u8() != 0;
            default -> throw new IllegalStateException(type.name());
        };
    }

    private Object readString(String key) {
        long len = in.i64();
        if (len < 0 || len > MAX_STRING_LENGTH || len > in.remaining()) {
            throw bad("string length " + Long.toUnsignedString(len) + " of " + ModelFileException.quote(key)
                    + " is invalid (limit " + MAX_STRING_LENGTH + ", " + in.remaining() + " bytes left)");
        }
        if (len > KEEP_STRING || len > valueBudget) {
            in.skip(len);
            return new GgufSkippedString(len);
        }
        valueBudget -= len;
        // Values are not required to be UTF-8 by ggml; decode leniently, they are only shown.
        return new String(in.bytes((int) len), StandardCharsets.UTF_8);
    }

    private GgufArray readArray(String key) {
        int typeId = in.i32();
        GgufValueType type = GgufValueType.byId(typeId);
        if (type == GgufValueType.ARRAY) {
            throw bad("metadata " + ModelFileException.quote(key)
                    + " is an array of arrays (nested arrays are not supported)");
        }
        if (type == null) {
            throw bad("metadata " + ModelFileException.quote(key) + " is an array of unknown type " + typeId);
        }
        long count = in.i64();
        long minEach = type == GgufValueType.STRING ? 8 : type.size();
        if (count < 0 || count > MAX_ARRAY_ELEMENTS || count > in.remaining() / minEach) {
            throw bad("array " + ModelFileException.quote(key) + " declares " + Long.toUnsignedString(count)
                    + " elements of " + type + ", more than the " + in.remaining() + " bytes left in the file hold");
        }
        if (type == GgufValueType.STRING) {
            // tokenizer tokens and merges: count them, validate each length, keep nothing
            for (long i = 0; i < count; i++) {
                long len = in.i64();
                if (len < 0 || len > MAX_STRING_LENGTH || len > in.remaining()) {
                    throw bad("string " + i + " of array " + ModelFileException.quote(key) + " has invalid length "
                            + Long.toUnsignedString(len));
                }
                in.skip(len);
            }
            return new GgufArray(type, count, null);
        }
        long bytes = count * type.size(); // cannot overflow: count * size <= remaining
        if (count > KEEP_ARRAY || bytes > valueBudget) {
            in.skip(bytes);
            return new GgufArray(type, count, null);
        }
        valueBudget -= bytes;
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            values.add(readScalar(type));
        }
        return new GgufArray(type, count, values);
    }

    private void spendNames(long bytes, String what) {
        if (bytes > nameBudget) {
            throw bad("keys and tensor names take more than " + NAME_BUDGET + " bytes (at " + what + ")");
        }
        nameBudget -= bytes;
    }

    /** general.alignment: a UINT32 power of two (ggml refuses other types since llama.cpp #25596). */
    private long alignment(GgufValue v) {
        if (v == null) {
            return 32;
        }
        if (v.type() != GgufValueType.UINT32) {
            throw bad("general.alignment is " + v.type() + ", it must be UINT32");
        }
        long a = (Long) v.value();
        if (a == 0 || (a & (a - 1)) != 0) {
            throw bad("general.alignment " + a + " is not a power of two");
        }
        return a;
    }

    // ---- tensors ----

    private GgufTensorInfo readTensorInfo() {
        long len = in.i64();
        if (len < 0 || len >= MAX_NAME) {
            throw bad("tensor name length " + Long.toUnsignedString(len) + " is not under " + MAX_NAME + " bytes");
        }
        spendNames(len, "tensor names");
        String name = utf8(in.bytes((int) len), "tensor name");
        long nDims = in.u32();
        if (nDims > MAX_DIMS) {
            throw bad("tensor " + ModelFileException.quote(name) + " has " + nDims + " dimensions (at most " + MAX_DIMS
                    + ")");
        }
        List<Long> dims = new ArrayList<>((int) nDims);
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long ne = in.i64();
            if (ne < 0) {
                throw bad("tensor " + ModelFileException.quote(name) + " has a negative dimension "
                        + Long.toUnsignedString(ne));
            }
            dims.add(ne);
            elements = multiply(name, elements, ne, dims);
        }
        int typeId = in.i32();
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw bad("tensor " + ModelFileException.quote(name) + " has "
                    + (GgmlType.isRemoved(typeId) ? "removed" : "unknown") + " ggml type " + typeId);
        }
        long offset = in.i64();
        if (offset < 0) {
            throw bad("tensor " + ModelFileException.quote(name) + " offset " + Long.toUnsignedString(offset)
                    + " is out of range");
        }
        long ne0 = dims.isEmpty() ? 1 : dims.get(0);
        if (ne0 % type.blockSize() != 0) {
            throw bad("tensor " + ModelFileException.quote(name) + " row of " + ne0
                    + " elements is not a multiple of the " + type + " block size " + type.blockSize());
        }
        long bytes = multiply(name, type.typeSize(), ne0 / type.blockSize(), dims);
        for (int d = 1; d < dims.size(); d++) {
            bytes = multiply(name, bytes, dims.get(d), dims);
        }
        return new GgufTensorInfo(name, dims, type, offset, elements, bytes);
    }

    private long multiply(String name, long a, long b, List<Long> dims) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw bad("tensor " + ModelFileException.quote(name) + " shape " + dims + " overflows a 64-bit size");
        }
    }

    /** Offsets aligned, inside the data section, and not overlapping each other. */
    private void checkData(List<GgufTensorInfo> tensors, long alignment, long dataStart) {
        if (tensors.isEmpty()) {
            return;
        }
        long room = in.size() - dataStart;
        if (room < 0) {
            throw bad("file ends before its tensor data section (at " + dataStart + ")");
        }
        List<GgufTensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        long prevEnd = 0;
        String prev = null;
        for (GgufTensorInfo t : sorted) {
            if (t.offset() % alignment != 0) {
                throw bad("tensor " + ModelFileException.quote(t.name()) + " offset " + t.offset()
                        + " is not a multiple of the alignment " + alignment);
            }
            if (t.offset() > room || t.bytes() > room - t.offset()) {
                throw bad("tensor " + ModelFileException.quote(t.name()) + " data [" + t.offset() + ", +" + t.bytes()
                        + ") lies outside the file's " + room + " bytes of tensor data");
            }
            if (t.offset() < prevEnd) {
                throw bad("tensor " + ModelFileException.quote(t.name()) + " overlaps tensor "
                        + ModelFileException.quote(prev) + "");
            }
            prevEnd = t.offset() + t.bytes();
            prev = t.name();
        }
    }

    private String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad(what + " is not valid UTF-8");
        }
    }

    private ModelFileException bad(String problem) {
        return new ModelFileException(file, problem);
    }
}
