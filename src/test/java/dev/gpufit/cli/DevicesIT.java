package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.testing.FakeNvml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar and the launcher as separate processes with their own environment: what a
 * user runs, including that a hung NVML call does not keep the process alive.
 */
class DevicesIT {
    static final Path BASEDIR = Path.of(System.getProperty("gpufit.basedir", "."));
    static final Path JAR = Path.of(System.getProperty("gpufit.jar", "target/gpufit.jar"));
    static final Path IT_DIR = Path.of(System.getProperty("gpufit.itDir", "target/it"));

    record Proc(int code, String out, String err, long millis) {}

    static Proc run(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        Files.createDirectories(IT_DIR);
        Path out = Files.createTempFile(IT_DIR, "out", ".txt");
        Path err = Files.createTempFile(IT_DIR, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("CUDA_VISIBLE_DEVICES");
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process did not exit: " + cmd);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new Proc(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                ms);
    }

    static List<String> jar(String... args) {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Path scenario(String name, String config) throws IOException {
        Files.createDirectories(IT_DIR);
        Path p = IT_DIR.resolve(name + ".conf").toAbsolutePath();
        Files.writeString(p, config);
        return p;
    }

    @Test
    void launcherWithoutDriverReportsHostRamAndExitsZero() throws Exception {
        Proc r = run(
                Map.of(
                        "GPUFIT_NVML_LIBRARY",
                        IT_DIR.resolve("no-such-libnvidia-ml.so.1")
                                .toAbsolutePath()
                                .toString()),
                List.of("bash", BASEDIR.resolve("scripts/gpufit").toString(), "devices"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(host RAM)"), r.out());
        assertTrue(r.err().contains("gpufit: warning: nvml: no NVIDIA driver found"), r.err());
    }

    @Test
    void jarReportsTheFakeGpusAsJson() throws Exception {
        Path conf = scenario("two-h100-mig", FakeNvml.TWO_H100_AND_MIG);
        Proc r = run(
                Map.of("GPUFIT_NVML_LIBRARY", FakeNvml.library().toString(), "FAKE_NVML_CONFIG", conf.toString()),
                jar("devices", "--format", "json"));
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        List<String> ids = new ArrayList<>();
        root.get("devices").forEach(d -> ids.add(d.get("id").asText()));
        assertEquals(List.of("nvidia:0", "nvidia:1", "nvidia:0/mig:0", "host"), ids);
        assertEquals(
                85_520_809_984L - 567_279_616L - 64_424_509_440L,
                root.get("devices").get(1).get("free_bytes").asLong());
    }

    @Test
    void hungNvmlCallDoesNotKeepTheProcessAlive() throws Exception {
        Path conf = scenario("hung", FakeNvml.TWO_H100 + "delay call=nvmlDeviceGetCount_v2 ms=60000\n");
        Proc r = run(
                Map.of("GPUFIT_NVML_LIBRARY", FakeNvml.library().toString(), "FAKE_NVML_CONFIG", conf.toString()),
                jar("devices", "--probe-timeout", "2s"));
        assertEquals(0, r.code(), r.err());
        // JVM start-up plus a 2 s timeout; a generous margin for a shared, noisy machine, far below the 60 s hang.
        assertTrue(r.millis() < 2000 + 15_000, "process exited after " + r.millis() + " ms");
        assertTrue(r.err().contains("gpufit: warning: nvml: probe gave up after 2.0 s"), r.err());
    }
}
