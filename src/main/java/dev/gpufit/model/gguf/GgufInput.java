package dev.gpufit.model.gguf;

import dev.gpufit.model.ModelFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Little-endian reads from a channel through one fixed 64 KiB buffer. Every read is checked
 * against the bytes left in the file first, so a declared length can make the parser skip
 * ahead but never allocate or read past the end: memory stays the buffer's, whatever the file
 * declares.
 */
final class GgufInput {
    private final String file;
    private final SeekableByteChannel ch;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    /** File offset of buf[0]; the channel is always at bufStart + buf.limit(). */
    private long bufStart;

    GgufInput(String file, SeekableByteChannel ch) throws IOException {
        this.file = file;
        this.ch = ch;
        this.size = ch.size();
        ch.position(0);
        buf.limit(0);
    }

    long size() {
        return size;
    }

    long position() {
        return bufStart + buf.position();
    }

    long remaining() {
        return size - position();
    }

    int u8() {
        ensure(1);
        return buf.get() & 0xFF;
    }

    int u16() {
        ensure(2);
        return buf.getShort() & 0xFFFF;
    }

    /** A u32 widened to a non-negative long. */
    long u32() {
        ensure(4);
        return buf.getInt() & 0xFFFFFFFFL;
    }

    int i32() {
        ensure(4);
        return buf.getInt();
    }

    /** A u64 or i64 as its raw bits; callers decide whether a negative long is an error. */
    long i64() {
        ensure(8);
        return buf.getLong();
    }

    /** Reads {@code n} bytes; callers bound {@code n} (names, short strings) before calling. */
    byte[] bytes(int n) {
        if (n > remaining()) {
            throw truncated(n);
        }
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int chunk = Math.min(n - done, buf.capacity());
            ensure(chunk);
            buf.get(out, done, chunk);
            done += chunk;
        }
        return out;
    }

    /** Skips {@code n} bytes without reading them (big arrays, long strings). */
    void skip(long n) {
        if (n < 0 || n > remaining()) {
            throw truncated(n);
        }
        if (n <= buf.remaining()) {
            buf.position(buf.position() + (int) n);
            return;
        }
        long target = position() + n;
        try {
            ch.position(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bufStart = target;
        buf.clear().limit(0);
    }

    private void ensure(int n) {
        if (buf.remaining() >= n) {
            return;
        }
        if (remaining() < n) {
            throw truncated(n);
        }
        bufStart = position();
        buf.compact();
        try {
            while (buf.position() < n) {
                if (ch.read(buf) < 0) {
                    throw new ModelFileException(file, "file shrank while being read");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            buf.flip();
        }
    }

    private ModelFileException truncated(long n) {
        return new ModelFileException(
                file, "truncated: " + n + " bytes needed at offset " + position() + " but the file ends at " + size);
    }
}
