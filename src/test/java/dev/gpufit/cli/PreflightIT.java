package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.testing.FakeNvml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The preflight examples as a launch script runs them: gpufit first, the engine only when the
 * model fits. The engine is a stand-in script that records that it was started.
 */
class PreflightIT {
    static final long TOTAL = 85_520_809_984L;
    static final long RESERVED = 567_279_616L;
    static final long GIB = 1L << 30;

    static String h100(long used) {
        return "device name=\"NVIDIA H100 80GB HBM3\" uuid=GPU-0d3f5a1c-1111-2222-3333-444455556666 pci=00000000:18:00.0 total="
                + TOTAL + " reserved=" + RESERVED + " used=" + used + " cc=9.0\n";
    }

    static Path standIn(String name, Path marker) throws Exception {
        Path script = DevicesIT.IT_DIR.resolve(name).toAbsolutePath();
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/usr/bin/env bash\necho \"$@\" > '" + marker + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    Map<String, String> env(String scenario, String launcherVar, Path launcher) throws Exception {
        Path conf = DevicesIT.scenario("preflight-" + launcherVar, scenario);
        return Map.of(
                "GPUFIT_NVML_LIBRARY",
                FakeNvml.library().toString(),
                "FAKE_NVML_CONFIG",
                conf.toString(),
                "GPUFIT_SYSFS_ROOT",
                DevicesIT.IT_DIR.resolve("no-sysfs").toAbsolutePath().toString(),
                "GPUFIT",
                DevicesIT.BASEDIR.resolve("scripts/gpufit").toAbsolutePath().toString(),
                launcherVar,
                launcher.toString());
    }

    @Test
    void vllmPreflightStopsTheLaunchWhenTheModelDoesNotFit() throws Exception {
        Path marker = DevicesIT.IT_DIR.resolve("vllm-started").toAbsolutePath();
        Files.deleteIfExists(marker);
        Path vllm = standIn("fake-vllm", marker);
        String script =
                DevicesIT.BASEDIR.resolve("scripts/examples/preflight-vllm.sh").toString();

        DevicesIT.Proc busy = DevicesIT.run(
                env(h100(70 * GIB), "VLLM", vllm), List.of("bash", script, "llama-3.1-8b", "--max-model-len", "8192"));
        assertEquals(3, busy.code(), busy.out() + busy.err());
        assertTrue(busy.err().contains("not starting vLLM"), busy.err());
        assertFalse(Files.exists(marker), "vLLM must not start when the model does not fit");

        DevicesIT.Proc free = DevicesIT.run(
                env(h100(0), "VLLM", vllm),
                List.of(
                        "bash",
                        script,
                        "llama-3.1-8b",
                        "--max-model-len",
                        "8192",
                        "--kv-cache-dtype",
                        "auto",
                        "--enforce-eager"));
        assertEquals(0, free.code(), free.out() + free.err());
        assertEquals(
                "serve llama-3.1-8b --max-model-len 8192 --kv-cache-dtype auto --enforce-eager",
                Files.readString(marker).strip(),
                "vLLM gets the arguments unchanged");
    }

    @Test
    void llamaServerPreflightStopsTheLaunchWhenTheModelDoesNotFit() throws Exception {
        Path marker = DevicesIT.IT_DIR.resolve("llama-server-started").toAbsolutePath();
        Files.deleteIfExists(marker);
        Path server = standIn("fake-llama-server", marker);
        String script = DevicesIT.BASEDIR
                .resolve("scripts/examples/preflight-llama-server.sh")
                .toString();

        DevicesIT.Proc busy = DevicesIT.run(
                env(h100(78 * GIB), "LLAMA_SERVER", server),
                List.of("bash", script, "-m", "llama-3.1-8b", "-c", "8192"));
        assertEquals(3, busy.code(), busy.out() + busy.err());
        assertFalse(Files.exists(marker), "llama-server must not start when the model does not fit");

        DevicesIT.Proc free = DevicesIT.run(
                env(h100(0), "LLAMA_SERVER", server), List.of("bash", script, "-m", "llama-3.1-8b", "-c", "8192"));
        assertEquals(0, free.code(), free.out() + free.err());
        assertEquals("-m llama-3.1-8b -c 8192", Files.readString(marker).strip());
    }
}
