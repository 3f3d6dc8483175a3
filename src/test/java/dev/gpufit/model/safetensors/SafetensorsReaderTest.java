package dev.gpufit.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.model.ModelFileException;
import dev.gpufit.model.WeightsInfo;
import dev.gpufit.model.files.ByteArrayChannel;
import dev.gpufit.model.files.ModelFixtures;
import dev.gpufit.model.files.SafetensorsTestWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {
    private static final long LLAMA3_8B_PARAMETERS = ModelFixtures.LLAMA3_8B_PARAMETERS;
    private static final long LLAMA3_8B_BF16_BYTES = ModelFixtures.LLAMA3_8B_BF16_BYTES;

    @TempDir
    Path dir;

    @Test
    void llama3ShardedCheckpointHasExactBytesAndParameters() throws IOException {
        ModelFixtures.writeLlama3(dir);
        SafetensorsCheckpoint c = SafetensorsReader.read(dir);

        long sumOfTensors = c.headers().stream()
                .flatMap(h -> h.tensors().stream())
                .mapToLong(SafetensorsTensor::bytes)
                .sum();
        assertEquals(sumOfTensors, c.bytes(), "weights bytes are the sum of tensor sizes");
        assertEquals(LLAMA3_8B_BF16_BYTES, c.bytesByDtype().get("BF16"), "the BF16 weights of Llama-3-8B");
        assertEquals(
                32 * 64 * 4,
                c.bytesByDtype().get("F32"),
                "the inv_freq buffers are loaded too, so they count in bytes");
        assertEquals(LLAMA3_8B_PARAMETERS, c.parameters().parameters(), "buffers are not parameters");
        assertEquals(32, c.parameters().buffers());
        assertEquals(4, c.headers().size());
        assertEquals(128256L * 4096 * 2, c.tokenEmbeddingBytes());
        assertEquals("BF16", c.mainDtype());
        long fileBytes = 0;
        for (SafetensorsHeader h : c.headers()) {
            fileBytes += Files.size(Path.of(h.file()));
            assertEquals(
                    Files.size(Path.of(h.file())) - 8 - h.headerLength(),
                    h.fileSize() - 8 - h.headerLength(),
                    "data = file - 8 - N");
        }
        assertTrue(fileBytes > 16_000_000_000L, "the shards are full size on paper (sparse on disk)");
        // "headers only" as a bound on bytes read, not on wall time (a busy shared machine makes
        // any millisecond bound flaky): the reader touches the 8-byte length and the header, no data
        for (SafetensorsHeader h : c.headers()) {
            try (CountingChannel ch =
                    new CountingChannel(FileChannel.open(Path.of(h.file()), StandardOpenOption.READ))) {
                assertEquals(h, SafetensorsFileReader.read(h.file(), ch));
                assertTrue(
                        ch.bytesRead <= 8 + h.headerLength(),
                        "read " + ch.bytesRead + " bytes of " + h.file() + ", more than its 8 + " + h.headerLength()
                                + " header bytes");
            }
        }
        assertTrue(
                c.notes().stream().noneMatch(n -> n.contains("total_size")), "the index total agrees with the headers");
        assertTrue(
                c.notes().get(0).startsWith("read 323 tensors from 4 safetensors files (headers only)"),
                c.notes().toString());

        WeightsInfo w = c.toWeightsInfo();
        assertEquals(c.bytes(), w.bytes());
        assertEquals(LLAMA3_8B_PARAMETERS, w.parameters());
        assertEquals("safetensors", w.format());
        assertEquals(4, w.files().size());
    }

    @Test
    void indexFileAndSingleShardPathsWorkToo() throws IOException {
        ModelFixtures.writeLlama3(dir);
        assertEquals(
                LLAMA3_8B_PARAMETERS,
                SafetensorsReader.read(dir.resolve(SafetensorsReader.INDEX))
                        .parameters()
                        .parameters());
        SafetensorsCheckpoint one = SafetensorsReader.read(dir.resolve("model-00004-of-00004.safetensors"));
        assertEquals(1, one.headers().size());
        assertTrue(SafetensorsReader.hasWeights(dir));
    }

    @Test
    void indexNamingAMissingShardIsAnError() throws IOException {
        ModelFixtures.writeLlama3(dir);
        Files.delete(dir.resolve("model-00003-of-00004.safetensors"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(dir));
        assertTrue(e.getMessage().contains("model-00003-of-00004.safetensors, which is missing"), e.getMessage());
    }

    @Test
    void indexKeyAbsentFromItsShardIsAnError() throws IOException {
        new SafetensorsTestWriter().tensor("a", "F16", 2).writeSparse(dir.resolve("s1.safetensors"));
        new SafetensorsTestWriter().tensor("b", "F16", 2).writeSparse(dir.resolve("s2.safetensors"));
        Files.writeString(
                dir.resolve(SafetensorsReader.INDEX),
                "{\"weight_map\":{\"a\":\"s1.safetensors\",\"b\":\"s1.safetensors\"}}");
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(dir));
        assertTrue(e.getMessage().contains("tensor 'b' is not in s1.safetensors"), e.getMessage());
    }

    @Test
    void tensorInTwoShardsIsAnError() throws IOException {
        new SafetensorsTestWriter().tensor("a", "F16", 2).writeSparse(dir.resolve("s1.safetensors"));
        new SafetensorsTestWriter()
                .tensor("a", "F16", 2)
                .tensor("b", "F16", 2)
                .writeSparse(dir.resolve("s2.safetensors"));
        Files.writeString(
                dir.resolve(SafetensorsReader.INDEX),
                "{\"weight_map\":{\"a\":\"s1.safetensors\",\"b\":\"s2.safetensors\"}}");
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(dir));
        assertTrue(e.getMessage().contains("tensor 'a' is also in"), e.getMessage());
    }

    @Test
    void indexPointingOutsideItsDirectoryIsRefused() throws IOException {
        Files.writeString(dir.resolve(SafetensorsReader.INDEX), "{\"weight_map\":{\"a\":\"../x.safetensors\"}}");
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(dir));
        assertTrue(e.getMessage().contains("not a file next to the index"), e.getMessage());
    }

    @Test
    void directoryWithoutWeightsOrWithSeveralFilesIsAnError() throws IOException {
        assertThrows(ModelFileException.class, () -> SafetensorsReader.read(dir));
        new SafetensorsTestWriter().tensor("a", "F16", 2).writeSparse(dir.resolve("x.safetensors"));
        assertEquals(1, SafetensorsReader.read(dir).tensorCount(), "the only file is the checkpoint");
        new SafetensorsTestWriter().tensor("a", "F16", 2).writeSparse(dir.resolve("y.safetensors"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(dir));
        assertTrue(e.getMessage().contains("several safetensors files"), e.getMessage());
    }

    @Test
    void everyDtypeIsSizedByItsBits() {
        SafetensorsTestWriter w = new SafetensorsTestWriter();
        for (SafetensorsDtype d : SafetensorsDtype.values()) {
            w.tensor("t." + d.name(), d.name(), 4, 8); // 32 elements: whole bytes for 4 and 6 bits too
        }
        SafetensorsHeader h = read(w.toBytes());
        Map<String, Long> bytes = new LinkedHashMap<>();
        h.tensors().forEach(t -> bytes.put(t.dtype().name(), t.bytes()));
        assertEquals(16L, bytes.get("F4"));
        assertEquals(24L, bytes.get("F6_E2M3"));
        assertEquals(24L, bytes.get("F6_E3M2"));
        assertEquals(32L, bytes.get("F8_E4M3"));
        assertEquals(32L, bytes.get("F8_E8M0"));
        assertEquals(32L, bytes.get("F8_E5M2FNUZ"));
        assertEquals(32L, bytes.get("BOOL"));
        assertEquals(64L, bytes.get("BF16"));
        assertEquals(64L, bytes.get("U16"));
        assertEquals(128L, bytes.get("U32"));
        assertEquals(256L, bytes.get("C64"));
        assertEquals(256L, bytes.get("U64"));
        assertEquals(SafetensorsDtype.values().length, h.tensors().size());
    }

    @Test
    void rankZeroAndZeroSizedTensorsAreAllowed() {
        SafetensorsHeader h = read(new SafetensorsTestWriter()
                .tensor("scalar", "F32")
                .tensor("empty", "F16", 0, 7)
                .toBytes());
        assertEquals(4, h.tensors().stream().mapToLong(SafetensorsTensor::bytes).sum());
        assertEquals(4, h.fileSize() - 8 - h.headerLength());
    }

    @Test
    void gpt2CausalMaskBuffersAreNotParameters() {
        List<SafetensorsTensor> t = List.of(
                tensor("h.0.attn.bias", SafetensorsDtype.F32, 1, 1, 1024, 1024),
                tensor("h.0.attn.masked_bias", SafetensorsDtype.F32),
                tensor("h.0.attn.c_attn.bias", SafetensorsDtype.F32, 2304),
                tensor("h.0.attn.c_attn.weight", SafetensorsDtype.F32, 768, 2304),
                tensor("embeddings.position_ids", SafetensorsDtype.I64, 1, 514));
        HeaderParameterCount c = HeaderParameterCounter.count(t, null);
        assertEquals(2304 + 768 * 2304, c.parameters());
        assertEquals(3, c.buffers());
    }

    @Test
    void gptqPackedWeightsAreUnpackedAndScalesSkipped() {
        // a 4096 -> 11008 Linear at 4 bits, group 128
        List<SafetensorsTensor> t = List.of(
                tensor("l.qweight", SafetensorsDtype.I32, 4096 * 4 / 32, 11008),
                tensor("l.qzeros", SafetensorsDtype.I32, 32, 11008 * 4 / 32),
                tensor("l.scales", SafetensorsDtype.F16, 32, 11008),
                tensor("l.g_idx", SafetensorsDtype.I32, 4096),
                tensor("l.bias", SafetensorsDtype.F16, 11008));
        HeaderParameterCount c = HeaderParameterCounter.count(t, null);
        assertEquals(4096L * 11008 + 11008, c.parameters());
        assertEquals(3, c.quantAux());
        assertTrue(
                c.notes().stream().anyMatch(n -> n.startsWith("parameters derived from packing: 1 GPTQ/AWQ qweight")),
                c.notes().toString());

        // without g_idx, 8-bit from the config
        HeaderParameterCount c8 = HeaderParameterCounter.count(
                List.of(
                        tensor("l.qweight", SafetensorsDtype.I32, 4096 * 8 / 32, 11008),
                        tensor("l.scales", SafetensorsDtype.F16, 32, 11008)),
                8);
        assertEquals(4096L * 11008, c8.parameters());
    }

    @Test
    void awqLayoutUsesRowsAsInputFeatures() {
        List<SafetensorsTensor> t = List.of(
                tensor("l.qweight", SafetensorsDtype.I32, 4096, 11008 * 4 / 32),
                tensor("l.qzeros", SafetensorsDtype.I32, 32, 11008 * 4 / 32),
                tensor("l.scales", SafetensorsDtype.F16, 32, 11008));
        assertEquals(4096L * 11008, HeaderParameterCounter.count(t, null).parameters());
    }

    @Test
    void mxfp4BlocksHoldTwoValuesPerByte() {
        // gpt-oss-20b expert gate_up: [32, 5760, 90, 16] U8 blocks, [32, 5760, 90] scales
        List<SafetensorsTensor> t = List.of(
                tensor("m.experts.gate_up_proj_blocks", SafetensorsDtype.U8, 32, 5760, 90, 16),
                tensor("m.experts.gate_up_proj_scales", SafetensorsDtype.U8, 32, 5760, 90),
                tensor("m.experts.gate_up_proj_bias", SafetensorsDtype.BF16, 32, 5760));
        HeaderParameterCount c = HeaderParameterCounter.count(t, null);
        assertEquals(32L * 5760 * 2880 + 32 * 5760, c.parameters());
        assertEquals(1, c.packed());
    }

    @Test
    void bitsandbytesAndFp8MetadataIsNotCounted() {
        List<SafetensorsTensor> t = List.of(
                tensor("a.weight", SafetensorsDtype.U8, 4096 * 4096 / 2, 1),
                tensor("a.weight.absmax", SafetensorsDtype.F32, 4096 * 4096 / 64),
                tensor("a.weight.quant_map", SafetensorsDtype.F32, 16),
                tensor("a.weight.quant_state.bitsandbytes__nf4", SafetensorsDtype.U8, 100),
                tensor("b.weight", SafetensorsDtype.F8_E4M3, 256, 256),
                tensor("b.weight_scale_inv", SafetensorsDtype.F32, 2, 2));
        assertEquals(
                4096L * 4096 + 256 * 256, HeaderParameterCounter.count(t, null).parameters());
    }

    static SafetensorsHeader read(byte[] file) {
        try {
            return SafetensorsFileReader.read("x", new ByteArrayChannel(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static SafetensorsTensor tensor(String name, SafetensorsDtype dtype, long... shape) {
        long n = 1;
        List<Long> s = new ArrayList<>();
        for (long d : shape) {
            n *= d;
            s.add(d);
        }
        return new SafetensorsTensor(name, dtype, s, n, 0, n * dtype.bits() / 8);
    }

    @Test
    void tokenEmbeddingIsRecognisedOrNull() {
        byte[] f = new SafetensorsTestWriter().tensor("x.weight", "F16", 4).toBytes();
        Path p = dir.resolve("m.safetensors");
        try {
            Files.write(p, f);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertNull(SafetensorsReader.read(p).tokenEmbeddingBytes());
    }

    /** A channel that counts the bytes read through it. */
    static final class CountingChannel implements SeekableByteChannel {
        private final SeekableByteChannel in;
        long bytesRead;

        CountingChannel(SeekableByteChannel in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = in.read(dst);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return in.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            in.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return in.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
