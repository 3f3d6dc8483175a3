package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** gpufit fleet over files and an unreachable agent, on loopback only. */
@Timeout(60)
class FleetCommandTest {
    static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String devices(String host, String name, long total, long free) {
        return "{\"schema\":\"gpufit/devices/v1\",\"host\":{\"hostname\":\"" + host + "\"},\"devices\":["
                + "{\"id\":\"nvidia:0\",\"index\":0,\"vendor\":\"nvidia\",\"name\":\"" + name + "\",\"uuid\":\"GPU-"
                + host
                + "\",\"kind\":\"discrete\",\"total_bytes\":" + total + ",\"free_bytes\":" + free + ",\"usable_bytes\":"
                + free
                + "}],\"warnings\":[]}";
    }

    /** A loopback port nothing listens on: bound, then released. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void goodReportsAreMergedAndTheRestListedWithReasons() throws Exception {
        Files.writeString(
                dir.resolve("node-a.json"), devices("node-a", "NVIDIA H100 80GB HBM3", 85520809984L, 70 * GIB));
        Files.writeString(
                dir.resolve("node-b.json"), devices("node-b", "NVIDIA H100 80GB HBM3", 85520809984L, 40 * GIB));
        Files.writeString(dir.resolve("node-c.json"), devices("node-c", "NVIDIA L4", 24152899584L, 20 * GIB));
        Files.writeString(dir.resolve("corrupt.json"), "{\"schema\":\"gpufit/devices/v1\",\"devices\":[{\"tot");
        String url = "http://127.0.0.1:" + closedPort();

        Run r = run("fleet", dir.toString(), url, "--timeout", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("node-a  0    NVIDIA H100 80GB HBM3"), r.out());
        assertTrue(r.out().contains("node-c  0    NVIDIA L4"), r.out());
        assertTrue(
                r.out().contains("NVIDIA H100 80GB HBM3  2        2      159.29 GiB  110.00 GiB  110.00 GiB"), r.out());
        assertTrue(r.out().contains("Not read (2)"), r.out());
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.startsWith(dir.resolve("corrupt.json").toString())
                                && l.contains(" not JSON: Unexpected end-of-input")),
                r.out());
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.startsWith(url + " ") && l.endsWith(" connection refused or unreachable")),
                r.out());

        JsonNode j = new ObjectMapper()
                .readTree(run("fleet", dir.toString(), url, "--format", "json", "--timeout", "2")
                        .out());
        assertEquals("gpufit/fleet/v1", j.path("schema").asText());
        assertEquals(3, j.path("hosts").size());
        assertEquals(3, j.path("sources").path("reports_read").asInt());
        assertEquals(2, j.path("failures").size());
        List<String> failed = new ArrayList<>();
        j.path("failures").forEach(f -> failed.add(f.path("source").asText()));
        assertTrue(failed.contains(url), failed.toString());

        String csv = run("fleet", dir.toString(), url, "--format", "csv", "--timeout", "2")
                .out();
        assertTrue(
                csv.startsWith(
                        "host,source,index,uuid,name,vendor,kind,total_bytes,free_bytes,usable_bytes,stale,mig_enabled,error\n"),
                csv);
        assertTrue(csv.contains(",connection refused or unreachable"), csv);
    }

    @Test
    void noReadableSourceExits4() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "not json");
        Run r = run("fleet", dir.toString(), dir.resolve("missing.json").toString());
        assertEquals(4, r.code());
        assertTrue(r.err().contains("gpufit: no report could be read from 2 sources"), r.err());
        assertTrue(r.out().contains("no such file or directory"), r.out());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang in open() ignores interrupts
    void aFifoOrADeviceIsRefusedAsNotARegularFile() throws Exception {
        Path fifo = dir.resolve("node-f.json");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            mk = null;
        }
        Assumptions.assumeTrue(
                mk != null && mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available here");
        Files.writeString(dir.resolve("node-a.json"), devices("node-a", "NVIDIA L4", 24152899584L, 20 * GIB));
        // before: open() on the FIFO blocked forever, waiting for a writer
        Run r = run("fleet", fifo.toString(), dir.resolve("node-a.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().lines().anyMatch(l -> l.startsWith(fifo.toString()) && l.endsWith(" not a regular file")),
                r.out());
        // a character device: Files.size says 0 and reading never ends (before: OutOfMemoryError)
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            Run z = run("fleet", zero.toString());
            assertEquals(4, z.code(), z.err());
            assertTrue(z.out().contains("not a regular file"), z.out());
            assertFalse(z.err().contains("Exception") || z.err().contains("Error"), z.err());
        }
    }

    @Test
    void badUsageExits2() {
        assertEquals(2, run("fleet").code());
        assertEquals(2, run("fleet", "x.json", "--context", "8192").code());
    }
}
