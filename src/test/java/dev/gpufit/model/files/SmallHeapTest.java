package dev.gpufit.model.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import dev.gpufit.cli.Main;
import dev.gpufit.model.gguf.GgufAttackTest;
import dev.gpufit.model.gguf.GgufReader;
import dev.gpufit.model.safetensors.SafetensorsAttackTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The hostile files again, read in a separate JVM with a 64 MB heap: through the real
 * {@code gpufit estimate FILE}, declared sizes of terabytes must cost nothing, the exit code must
 * be 2 and stderr one line; many at once through a small driver; and a legitimately
 * large metadata value (a 60 MB string) must still be read, because it is skipped, not loaded.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SmallHeapTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err, long millis) {}

    @Test
    void craftedFilesExitTwoWithOneLineUnder64MegabyteHeap() throws Exception {
        Path hugeString = write(
                "huge-string.gguf",
                GgufTestWriter.header(3, 0, 1)
                        .bytes(new GgufTestWriter.Out().str("k").u32(8).u64(-1L).toBytes())
                        .bytes(new byte[64])
                        .toBytes());
        Path hugeArray = write(
                "huge-array.gguf",
                GgufTestWriter.header(3, 0, 1)
                        .bytes(new GgufTestWriter.Out()
                                .str("k")
                                .u32(9)
                                .u32(10)
                                .u64(1L << 61)
                                .toBytes())
                        .bytes(new byte[64])
                        .toBytes());
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("config.json"), ModelFixtures.LLAMA3_8B_CONFIG);
        Path hugeHeader = Files.write(
                model.resolve("model.safetensors"), new byte[] {-1, -1, -1, -1, -1, -1, -1, 0x7F, '{', '}'});
        Map<Path, String> expected = Map.of(
                hugeString, hugeString + ": string length 18446744073709551615 of 'k' is invalid",
                hugeArray, hugeArray + ": array 'k' declares 2305843009213693952 elements",
                model,
                        hugeHeader
                                + ": safetensors header length 9223372036854775807 is over the 100,000,000-byte limit",
                hugeHeader,
                        hugeHeader
                                + ": safetensors header length 9223372036854775807 is over the 100,000,000-byte limit");
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            Result r = runCli("estimate", e.getKey().toString());
            assertEquals(2, r.exit(), e.getKey() + ": " + r.err());
            assertEquals(1, r.err().lines().count(), "stderr is one line: " + r.err());
            assertTrue(r.err().startsWith("gpufit: " + e.getValue()), r.err());
            assertTrue(r.millis() < 20_000, "fast: " + r.millis() + " ms");
        }
    }

    @Test
    void everyCraftedFileInOneSmallHeap() throws Exception {
        List<String> args = new ArrayList<>(List.of("--each"));
        int i = 0;
        for (Arguments a : GgufAttackTest.attacks().toList()) {
            args.add(write("attack-" + i++ + ".gguf", (byte[]) a.get()[1]).toString());
        }
        for (Arguments a : SafetensorsAttackTest.attacks().toList()) {
            args.add(
                    write("attack-" + i++ + ".safetensors", (byte[]) a.get()[1]).toString());
        }
        Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), "no OutOfMemoryError or crash: " + r.err());
        List<String> lines = r.out().lines().collect(Collectors.toList());
        assertEquals(i, lines.size(), r.out());
        for (String line : lines) {
            assertTrue(line.startsWith("exit=2 "), line);
        }
    }

    @Test
    void sixtyMegabyteMetadataStringIsSkippedNotLoaded() throws Exception {
        Path f = dir.resolve("long-template.gguf");
        byte[] head = GgufTestWriter.header(3, 1, 6)
                .bytes(new GgufTestWriter.Out()
                        .str("general.architecture")
                        .u32(8)
                        .str("llama")
                        .str("llama.block_count")
                        .u32(4)
                        .u32(2)
                        .str("llama.embedding_length")
                        .u32(4)
                        .u32(256)
                        .str("llama.attention.head_count")
                        .u32(4)
                        .u32(4)
                        .str("llama.vocab_size")
                        .u32(4)
                        .u32(10)
                        .str("tokenizer.chat_template")
                        .u32(8)
                        .u64(60_000_000L)
                        .toBytes())
                .toBytes();
        byte[] tail =
                new GgufTestWriter.Out().str("a").u32(1).u64(8).u32(0).u64(0).toBytes();
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(head);
            raf.seek(head.length + 60_000_000L);
            raf.write(tail);
            long end = raf.getFilePointer();
            raf.setLength((end + 31) / 32 * 32 + 32);
        }
        assertTrue(GgufReader.isGguf(f));
        Result r = run(f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("weights 32", r.out().strip());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The real command line ({@code dev.gpufit.cli.Main}) with the test's class path. */
    private Result runCli(String... args) throws IOException, InterruptedException {
        return fork(System.getProperty("java.class.path"), Main.class.getName(), args);
    }

    /** The driver, with only the classes the readers need. */
    private Result run(String... args) throws IOException, InterruptedException, URISyntaxException {
        String cp = String.join(
                java.io.File.pathSeparator,
                location(GgufReader.class),
                location(SmallHeapTest.class),
                location(JsonFactory.class));
        return fork(cp, ReadModelFileMain.class.getName(), args);
    }

    /**
     * Runs the driver with its output sent to files: reading its pipes would block until it
     * exits, so a hung driver would never reach the timeout. A driver still running after 60 s
     * is killed and the test fails.
     */
    private Result fork(String cp, String main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                cp,
                main));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "driver", ".out");
        Path err = Files.createTempFile(dir, "driver", ".err");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the driver did not finish in 60 s: " + String.join(" ", args));
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                millis);
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
