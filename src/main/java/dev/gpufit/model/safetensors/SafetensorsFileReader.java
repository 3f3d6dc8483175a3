package dev.gpufit.model.safetensors;

import dev.gpufit.model.ModelFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the header of one safetensors file: the 8-byte length, then exactly that many bytes of
 * JSON, through positional reads. Tensor data is never touched, which is why a 140 GB
 * checkpoint reads in milliseconds.
 */
public final class SafetensorsFileReader {
    private SafetensorsFileReader() {}

    public static SafetensorsHeader read(Path file) {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(name, ch);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(name, "no such file");
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads the header from any seekable channel (a file, or bytes in memory in tests). */
    public static SafetensorsHeader read(String name, SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new ModelFileException(
                    name, "too small for a safetensors file (" + size + " bytes; the 8-byte header length is missing)");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(0);
        readFully(ch, len);
        long n = SafetensorsHeaderParser.checkHeaderLength(name, len.getLong(0), size);
        return SafetensorsHeaderParser.parse(name, new ChannelSlice(ch, n), n, size);
    }

    private static void readFully(SeekableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    /** The next {@code limit} bytes of a channel as a stream, read through a small buffer. */
    private static final class ChannelSlice extends InputStream {
        private final SeekableByteChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        private long left;

        ChannelSlice(SeekableByteChannel ch, long limit) {
            this.ch = ch;
            this.left = limit;
            buf.limit(0);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!buf.hasRemaining()) {
                if (left == 0) {
                    return -1;
                }
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), left));
                int n = ch.read(buf);
                if (n < 0) {
                    throw new IOException("file ended inside the header");
                }
                left -= n;
                buf.flip();
            }
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        }
    }
}
