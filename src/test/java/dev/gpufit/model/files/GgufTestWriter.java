package dev.gpufit.model.files;

import dev.gpufit.model.ggml.GgmlType;
import dev.gpufit.model.gguf.GgufValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes GGUF files for tests the way ggml's writer does: header, metadata, tensor infos,
 * padding to the alignment, then each tensor's data padded to the alignment. The low-level
 * {@link Out} is public so attack tests can write exactly the malformed bytes they need.
 */
public final class GgufTestWriter {
    private record Tensor(String name, GgmlType type, long[] dims) {}

    private int version = 3;
    private long alignment = 32;
    private final Out kvs = new Out();
    private int kvCount;
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufTestWriter version(int v) {
        version = v;
        return this;
    }

    /** Writes {@code general.alignment} as a UINT32 and uses it for the layout. */
    public GgufTestWriter alignment(long a) {
        alignment = a;
        kvs.str("general.alignment").u32(GgufValueType.UINT32.ordinal()).u32(a);
        kvCount++;
        return this;
    }

    public GgufTestWriter string(String key, String value) {
        kvs.str(key).u32(GgufValueType.STRING.ordinal()).str(value);
        kvCount++;
        return this;
    }

    public GgufTestWriter u32(String key, long value) {
        kvs.str(key).u32(GgufValueType.UINT32.ordinal()).u32(value);
        kvCount++;
        return this;
    }

    public GgufTestWriter u64(String key, long value) {
        kvs.str(key).u32(GgufValueType.UINT64.ordinal()).u64(value);
        kvCount++;
        return this;
    }

    public GgufTestWriter f32(String key, float value) {
        kvs.str(key).u32(GgufValueType.FLOAT32.ordinal()).u32(Float.floatToIntBits(value));
        kvCount++;
        return this;
    }

    public GgufTestWriter bool(String key, boolean value) {
        kvs.str(key).u32(GgufValueType.BOOL.ordinal()).u8(value ? 1 : 0);
        kvCount++;
        return this;
    }

    /** An array of INT32 (per-layer values). */
    public GgufTestWriter i32Array(String key, long... values) {
        kvs.str(key)
                .u32(GgufValueType.ARRAY.ordinal())
                .u32(GgufValueType.INT32.ordinal())
                .u64(values.length);
        for (long v : values) {
            kvs.u32(v);
        }
        kvCount++;
        return this;
    }

    /** An array of {@code count} short strings, like tokenizer.ggml.tokens. */
    public GgufTestWriter stringArray(String key, int count) {
        kvs.str(key)
                .u32(GgufValueType.ARRAY.ordinal())
                .u32(GgufValueType.STRING.ordinal())
                .u64(count);
        for (int i = 0; i < count; i++) {
            kvs.str("t" + i);
        }
        kvCount++;
        return this;
    }

    /** Appends raw bytes as one more key/value (for crafted values). */
    public GgufTestWriter rawKv(byte[] kv) {
        kvs.bytes(kv);
        kvCount++;
        return this;
    }

    /** A tensor; dims in ggml order (innermost first). */
    public GgufTestWriter tensor(String name, GgmlType type, long... dims) {
        tensors.add(new Tensor(name, type, dims));
        return this;
    }

    /** Exact bytes of one tensor: ceil(elements / block) x bytes per block. */
    public static long tensorBytes(GgmlType type, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return (n + type.blockSize() - 1) / type.blockSize() * type.typeSize();
    }

    public long tensorBytes() {
        return tensors.stream().mapToLong(t -> tensorBytes(t.type, t.dims)).sum();
    }

    /** Header, metadata and tensor infos, padded to the alignment: everything before the data. */
    public byte[] head() {
        Out o = new Out();
        o.bytes("GGUF".getBytes(StandardCharsets.US_ASCII))
                .u32(version)
                .u64(tensors.size())
                .u64(kvCount);
        o.bytes(kvs.toBytes());
        long offset = 0;
        for (Tensor t : tensors) {
            o.str(t.name).u32(t.dims.length);
            for (long d : t.dims) {
                o.u64(d);
            }
            o.u32(t.type.id()).u64(offset);
            offset += pad(tensorBytes(t.type, t.dims));
        }
        while (o.size() % alignment != 0) {
            o.u8(0);
        }
        return o.toBytes();
    }

    /** Size of the data section: every tensor padded to the alignment, as ggml writes it. */
    public long dataBytes() {
        return tensors.stream().mapToLong(t -> pad(tensorBytes(t.type, t.dims))).sum();
    }

    public byte[] toBytes() {
        byte[] head = head();
        byte[] out = new byte[Math.toIntExact(head.length + dataBytes())];
        System.arraycopy(head, 0, out, 0, head.length);
        return out;
    }

    public Path writeSparse(Path file) throws IOException {
        byte[] head = head();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(head);
            raf.setLength(head.length + dataBytes());
        }
        return file;
    }

    private long pad(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    /** A raw header: magic, version, tensor count, metadata count (for crafted files). */
    public static Out header(long version, long nTensors, long nKv) {
        return new Out()
                .bytes("GGUF".getBytes(StandardCharsets.US_ASCII))
                .u32(version)
                .u64(nTensors)
                .u64(nKv);
    }

    /** Little-endian byte sink with the GGUF primitives. */
    public static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        public Out u8(int v) {
            bytes.write(v);
            return this;
        }

        public Out u32(long v) {
            bytes.writeBytes(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) v)
                    .array());
            return this;
        }

        public Out u64(long v) {
            bytes.writeBytes(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(v)
                    .array());
            return this;
        }

        /** A GGUF string: u64 length then the UTF-8 bytes. */
        public Out str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u64(b.length).bytes(b);
        }

        public Out bytes(byte[] b) {
            bytes.writeBytes(b);
            return this;
        }

        public int size() {
            return bytes.size();
        }

        public byte[] toBytes() {
            return bytes.toByteArray();
        }
    }
}
