package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.testing.FakeNvml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate as a launch script runs it, on the packaged jar: {@code gpufit run -- ENGINE ...} starts
 * the engine (a stand-in on PATH that records its environment and arguments) only when the launch
 * fits, pinned to the GPUs that fit; the example scripts are one line on top of it.
 */
class PreflightIT {
    static final long TOTAL = 85_520_809_984L;
    static final long RESERVED = 567_279_616L;
    static final long GIB = 1L << 30;
    static final String UUID0 = "GPU-0d3f5a1c-1111-2222-3333-444455556666";
    static final String UUID1 = "GPU-7a9e2b44-1111-2222-3333-444455556666";

    static String h100(String uuid, String pci, long freeBytes) {
        return "device name=\"NVIDIA H100 80GB HBM3\" uuid=" + uuid + " pci=" + pci + " total=" + TOTAL + " reserved="
                + RESERVED + " used=" + (TOTAL - RESERVED - freeBytes) + " cc=9.0\n";
    }

    /** Two H100s: GPU 0 with {@code free0} bytes free, GPU 1 with {@code free1}. */
    static String twoH100(long free0, long free1) {
        return h100(UUID0, "00000000:18:00.0", free0) + h100(UUID1, "00000000:2A:00.0", free1);
    }

    static final long IDLE = TOTAL - RESERVED;

    /** A stand-in engine named {@code name} in its own directory, for PATH: it records env and args. */
    static Path standIn(String name, Path marker) throws Exception {
        Path bin = DevicesIT.IT_DIR.resolve("bin-" + name).toAbsolutePath();
        Files.createDirectories(bin);
        Path script = bin.resolve(name);
        Files.writeString(
                script,
                "#!/usr/bin/env bash\necho \"CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES-unset}\" > '" + marker
                        + "'\necho \"$@\" >> '" + marker + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    Map<String, String> env(String name, String scenario, Path bin) throws Exception {
        Path conf = DevicesIT.scenario("preflight-" + name, scenario);
        return Map.of(
                "GPUFIT_NVML_LIBRARY",
                FakeNvml.library().toString(),
                "FAKE_NVML_CONFIG",
                conf.toString(),
                "GPUFIT_SYSFS_ROOT",
                DevicesIT.IT_DIR.resolve("no-sysfs").toAbsolutePath().toString(),
                "GPUFIT",
                DevicesIT.BASEDIR.resolve("scripts/gpufit").toAbsolutePath().toString(),
                "PATH",
                bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    static List<String> gpufit(String... args) {
        return DevicesIT.jar(args);
    }

    @Test
    void runStartsVllmOnTheFreeGpuAndNotWhenBothAreBusy() throws Exception {
        Path marker = DevicesIT.IT_DIR.resolve("vllm-started").toAbsolutePath();
        Files.deleteIfExists(marker);
        Path bin = standIn("vllm", marker);

        DevicesIT.Proc busy = DevicesIT.run(
                env("vllm-both-busy", twoH100(9 * GIB, 9 * GIB), bin),
                gpufit("run", "--", "vllm", "serve", "llama-3.1-8b", "--max-model-len", "8192"));
        assertEquals(3, busy.code(), busy.out() + busy.err());
        assertTrue(busy.err().contains("vllm serve not started"), busy.err());
        assertFalse(Files.exists(marker), "vLLM must not start when no GPU fits");

        List<String> args = List.of(
                "serve",
                "llama-3.1-8b",
                "--max-model-len",
                "8192",
                "--kv-cache-dtype",
                "auto",
                "--enforce-eager",
                "--port",
                "8001");
        List<String> cmd = new ArrayList<>(List.of("run", "--", "vllm"));
        cmd.addAll(args);
        DevicesIT.Proc gpu0Busy =
                DevicesIT.run(env("vllm-gpu0-busy", twoH100(9 * GIB, IDLE), bin), gpufit(cmd.toArray(String[]::new)));
        assertEquals(0, gpu0Busy.code(), gpu0Busy.out() + gpu0Busy.err());
        assertEquals(
                List.of("CUDA_VISIBLE_DEVICES=" + UUID1, String.join(" ", args)),
                Files.readAllLines(marker),
                "vLLM starts on GPU 1 with its arguments unchanged");

        // without --pick, fit judges where vLLM would start: GPU 0, which does not fit
        DevicesIT.Proc fit = DevicesIT.run(
                env("vllm-gpu0-busy-fit", twoH100(9 * GIB, IDLE), bin),
                gpufit("fit", "llama-3.1-8b", "--engine", "vllm", "--context", "8192"));
        assertEquals(3, fit.code(), fit.out() + fit.err());
        assertTrue(fit.out().contains("[1] fits"), fit.out());
    }

    @Test
    void theVllmExampleScriptIsALineOnTopOfRun() throws Exception {
        Path marker = DevicesIT.IT_DIR.resolve("vllm-script-started").toAbsolutePath();
        Files.deleteIfExists(marker);
        Path bin = standIn("vllm", marker);
        String script =
                DevicesIT.BASEDIR.resolve("scripts/examples/preflight-vllm.sh").toString();

        DevicesIT.Proc busy = DevicesIT.run(
                env("script-both-busy", twoH100(9 * GIB, 9 * GIB), bin),
                List.of("bash", script, "llama-3.1-8b", "--max-model-len", "8192"));
        assertEquals(3, busy.code(), busy.out() + busy.err());
        assertFalse(Files.exists(marker));

        DevicesIT.Proc free = DevicesIT.run(
                env("script-gpu0-busy", twoH100(9 * GIB, IDLE), bin),
                List.of("bash", script, "llama-3.1-8b", "--max-model-len", "8192"));
        assertEquals(0, free.code(), free.out() + free.err());
        assertEquals(
                List.of("CUDA_VISIBLE_DEVICES=" + UUID1, "serve llama-3.1-8b --max-model-len 8192"),
                Files.readAllLines(marker));
    }

    @Test
    void llamaServerContextIsSplitOverItsSlots() throws Exception {
        Path marker = DevicesIT.IT_DIR.resolve("llama-server-started").toAbsolutePath();
        Files.deleteIfExists(marker);
        Path bin = standIn("llama-server", marker);
        Map<String, String> env = env("llama-one-idle", h100(UUID0, "00000000:18:00.0", IDLE), bin);

        DevicesIT.Proc split = DevicesIT.run(
                env,
                gpufit(
                        "fit",
                        "--format",
                        "json",
                        "--",
                        "llama-server",
                        "-m",
                        "llama-3.1-8b",
                        "-c",
                        "4096",
                        "-np",
                        "4"));
        assertEquals(0, split.code(), split.out() + split.err());
        JsonNode w = new ObjectMapper().readTree(split.out()).get("estimate").get("workload");
        assertEquals(1024, w.get("context").asLong(), "-c is the total, split over -np");
        assertEquals(4, w.get("batch").asInt());

        DevicesIT.Proc ctx = DevicesIT.run(
                env,
                gpufit(
                        "fit",
                        "--format",
                        "json",
                        "--",
                        "llama-server",
                        "-m",
                        "llama-3.1-8b",
                        "--ctx-size",
                        "8192",
                        "-np",
                        "1"));
        assertEquals(0, ctx.code(), ctx.out() + ctx.err());
        assertEquals(
                8192,
                new ObjectMapper()
                        .readTree(ctx.out())
                        .get("estimate")
                        .get("workload")
                        .get("context")
                        .asLong());

        String script = DevicesIT.BASEDIR
                .resolve("scripts/examples/preflight-llama-server.sh")
                .toString();
        DevicesIT.Proc run =
                DevicesIT.run(env, List.of("bash", script, "-m", "llama-3.1-8b", "-c", "8192", "-np", "2"));
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals(
                List.of("CUDA_VISIBLE_DEVICES=" + UUID0, "-m llama-3.1-8b -c 8192 -np 2"), Files.readAllLines(marker));

        Files.delete(marker);
        DevicesIT.Proc busy = DevicesIT.run(
                env("llama-busy", h100(UUID0, "00000000:18:00.0", 2 * GIB), bin),
                List.of("bash", script, "-m", "llama-3.1-8b", "-c", "8192"));
        assertEquals(3, busy.code(), busy.out() + busy.err());
        assertFalse(Files.exists(marker), "llama-server must not start when the model does not fit");
    }
}
