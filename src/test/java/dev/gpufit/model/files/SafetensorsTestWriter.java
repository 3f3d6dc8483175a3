package dev.gpufit.model.files;

import dev.gpufit.model.safetensors.SafetensorsDtype;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes safetensors files for tests: the header as the reference writer lays it out (offsets
 * contiguous from 0, header padded with spaces to a multiple of 8), and either zero bytes of
 * data in memory or a sparse file whose data section costs no disk.
 */
public final class SafetensorsTestWriter {
    private record Entry(String name, String dtype, long[] shape) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsTestWriter tensor(String name, String dtype, long... shape) {
        entries.add(new Entry(name, dtype, shape));
        return this;
    }

    public SafetensorsTestWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Sum of the tensors' bytes: the data section. */
    public long dataBytes() {
        long sum = 0;
        for (Entry e : entries) {
            sum += bytes(e);
        }
        return sum;
    }

    /** The JSON header with offsets assigned in insertion order, padded to a multiple of 8. */
    public byte[] header() {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append("\"__metadata__\":{");
            metadata.forEach(
                    (k, v) -> sb.append('"').append(k).append("\":\"").append(v).append("\","));
            sb.setLength(sb.length() - 1);
            sb.append("},");
        }
        long offset = 0;
        for (Entry e : entries) {
            long end = offset + bytes(e);
            sb.append('"')
                    .append(e.name)
                    .append("\":{\"dtype\":\"")
                    .append(e.dtype)
                    .append("\",\"shape\":[");
            for (int i = 0; i < e.shape.length; i++) {
                sb.append(i == 0 ? "" : ",").append(e.shape[i]);
            }
            sb.append("],\"data_offsets\":[")
                    .append(offset)
                    .append(',')
                    .append(end)
                    .append("]},");
            offset = end;
        }
        if (sb.charAt(sb.length() - 1) == ',') {
            sb.setLength(sb.length() - 1);
        }
        sb.append('}');
        while (sb.length() % 8 != 0) {
            sb.append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The whole file in memory, data zero-filled: for small files. */
    public byte[] toBytes() {
        return file(header(), dataBytes());
    }

    /** Writes the header and extends the file to its full size without writing the data. */
    public Path writeSparse(Path file) throws IOException {
        byte[] header = header();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(lengthPrefix(header.length));
            raf.write(header);
            raf.setLength(8L + header.length + dataBytes());
        }
        return file;
    }

    /** A file from a raw header (crafted attacks) followed by {@code dataBytes} zero bytes. */
    public static byte[] file(byte[] header, long dataBytes) {
        byte[] out = new byte[Math.toIntExact(8 + header.length + dataBytes)];
        System.arraycopy(lengthPrefix(header.length), 0, out, 0, 8);
        System.arraycopy(header, 0, out, 8, header.length);
        return out;
    }

    public static byte[] file(String header, long dataBytes) {
        return file(header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    public static byte[] lengthPrefix(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    private static long bytes(Entry e) {
        long n = 1;
        for (long d : e.shape) {
            n *= d;
        }
        return n * SafetensorsDtype.byName(e.dtype).bits() / 8;
    }
}
