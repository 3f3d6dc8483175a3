package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.testing.FakeNvml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `gpufit devices` in process, through the real JNA binding and the fake NVML. */
class DevicesCommandTest {
    static final long TOTAL = 85_520_809_984L;
    static final long RESERVED = 567_279_616L;
    static final long USED_60_GIB = 64_424_509_440L;

    @TempDir
    Path sysfs;

    record Run(int code, String out, String err, long millis) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }

        List<String> warnings() throws Exception {
            List<String> w = new ArrayList<>();
            json().get("warnings").forEach(n -> w.add(n.asText()));
            return w;
        }

        List<String> ids() throws Exception {
            List<String> ids = new ArrayList<>();
            json().get("devices").forEach(n -> ids.add(n.get("id").asText()));
            return ids;
        }
    }

    Run run(Map<String, String> env, String... args) {
        CommandLine cl = Cli.commandLine();
        ((DevicesCommand) cl.getSubcommands().get("devices").getCommand()).env = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        long start = System.nanoTime();
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    Run devicesJson(String scenario, String... envPairs) {
        FakeNvml.scenario(scenario);
        return run(FakeNvml.env(sysfs, envPairs), "devices", "--format", "json");
    }

    @Test
    void twoH100AndAMigInstanceWithTheConfiguredBytes() throws Exception {
        Run r = devicesJson(FakeNvml.TWO_H100_AND_MIG);
        assertEquals(0, r.code(), r.err());
        JsonNode root = r.json();
        assertEquals("gpufit/devices/v1", root.get("schema").asText());
        assertEquals(List.of("nvidia:0", "nvidia:1", "nvidia:0/mig:0", "host"), r.ids());
        JsonNode gpu0 = root.get("devices").get(0);
        assertEquals("discrete", gpu0.get("kind").asText());
        assertEquals(
                "GPU-0d3f5a1c-1111-2222-3333-444455556666", gpu0.get("uuid").asText());
        assertEquals("00000000:18:00.0", gpu0.get("pci_bus_id").asText());
        assertEquals("9.0", gpu0.get("compute_capability").asText());
        assertEquals("550.54.15", gpu0.get("driver_version").asText());
        assertEquals(TOTAL, gpu0.get("total_bytes").asLong());
        assertEquals(RESERVED, gpu0.get("reserved_bytes").asLong());
        assertEquals(TOTAL - RESERVED, gpu0.get("free_bytes").asLong());
        assertEquals(0, gpu0.get("usable_bytes").asLong(), "MIG-enabled parent: work goes to its instances");
        JsonNode gpu1 = root.get("devices").get(1);
        assertEquals(TOTAL - RESERVED - USED_60_GIB, gpu1.get("free_bytes").asLong());
        assertEquals(TOTAL - RESERVED - USED_60_GIB, gpu1.get("usable_bytes").asLong());
        assertEquals(1, gpu1.get("index").asInt());
        JsonNode mig = root.get("devices").get(2);
        assertEquals("mig", mig.get("kind").asText());
        assertEquals("MIG-3c2b1a00-aaaa-bbbb-cccc-ddddeeeeffff", mig.get("uuid").asText());
        assertEquals(42_949_672_960L, mig.get("total_bytes").asLong());
        assertEquals(42_949_672_960L, mig.get("usable_bytes").asLong());
        assertEquals("host", root.get("devices").get(3).get("kind").asText());
        assertEquals("550.54.15", root.get("host").get("nvidia_driver_version").asText());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void driverLibraryMismatchSaysReboot() throws Exception {
        Run r = devicesJson("error call=nvmlInit_v2 code=18\n" + FakeNvml.TWO_H100);
        assertEquals(0, r.code(), "host RAM still answered");
        assertEquals(List.of("host"), r.ids());
        assertTrue(
                r.warnings().get(0).contains("driver/library version mismatch: the driver was updated, reboot"),
                r.warnings().toString());
    }

    @Test
    void driverNotLoaded() throws Exception {
        Run r = devicesJson("error call=nvmlInit_v2 code=9\n" + FakeNvml.TWO_H100);
        assertEquals(0, r.code());
        assertTrue(
                r.warnings().get(0).contains("NVIDIA kernel driver is not loaded"),
                r.warnings().toString());
    }

    @Test
    void lostGpuDoesNotHideTheOther() throws Exception {
        Run r = devicesJson(FakeNvml.TWO_H100 + "error call=nvmlDeviceGetMemoryInfo_v2 device=0 code=15\n");
        assertEquals(0, r.code());
        assertEquals(List.of("nvidia:1", "host"), r.ids());
        assertTrue(
                r.warnings().get(0).startsWith("nvml: GPU 0: skipped: this GPU is lost"),
                r.warnings().toString());
    }

    @Test
    void forbiddenGpuDoesNotHideTheOther() throws Exception {
        Run r = devicesJson(FakeNvml.TWO_H100 + "error call=nvmlDeviceGetHandleByIndex_v2 device=1 code=4\n");
        assertEquals(0, r.code());
        assertEquals(List.of("nvidia:0", "host"), r.ids());
        assertTrue(
                r.warnings().get(0).startsWith("nvml: GPU 1: skipped: no permission"),
                r.warnings().toString());
    }

    @Test
    void oldDriverWithoutMemoryV2FallsBackToV1() throws Exception {
        Run r = devicesJson(FakeNvml.TWO_H100 + "error call=nvmlDeviceGetMemoryInfo_v2 code=13\n");
        JsonNode gpu1 = r.json().get("devices").get(1);
        assertEquals("NVML memory v1 free", gpu1.get("usable_source").asText());
        assertTrue(gpu1.get("reserved_bytes").isNull());
        assertEquals(TOTAL - RESERVED - USED_60_GIB, gpu1.get("free_bytes").asLong());
    }

    @Test
    void hungCallGivesUpAtTheTimeout() throws Exception {
        FakeNvml.scenario(FakeNvml.TWO_H100 + "delay call=nvmlDeviceGetCount_v2 ms=20000\n");
        Run r = run(FakeNvml.env(sysfs), "devices", "--format", "json", "--probe-timeout", "1s");
        assertEquals(0, r.code(), r.err());
        // the bound includes picocli, JNA and the host probe on a busy machine; under 15 s still
        // proves the 20 s stall was cut off, without failing on a slow start
        assertTrue(r.millis() < 15_000, "returned " + r.millis() + " ms after start; timeout was 1 s, stall 20 s");
        assertEquals(List.of("host"), r.ids());
        assertTrue(
                r.warnings().get(0).startsWith("nvml: probe gave up after 1.0 s"),
                r.warnings().toString());
    }

    @Test
    void cudaVisibleDevicesReordersAndHides() throws Exception {
        Run r = devicesJson(FakeNvml.TWO_H100_AND_MIG, "CUDA_VISIBLE_DEVICES", "1");
        assertEquals(List.of("nvidia:1", "host"), r.ids());
        assertEquals(0, r.json().get("devices").get(0).get("index").asInt(), "CUDA ordinal 0");
        List<String> hidden = new ArrayList<>();
        r.json()
                .get("hidden_by_cuda_visible_devices")
                .forEach(n -> hidden.add(n.get("id").asText()));
        assertEquals(List.of("nvidia:0", "nvidia:0/mig:0"), hidden);
    }

    @Test
    void noDriverIsNormal() throws Exception {
        Map<String, String> env = FakeNvml.env(
                sysfs,
                "GPUFIT_NVML_LIBRARY",
                sysfs.resolve("no-such-libnvidia-ml.so.1").toString());
        Run r = run(env, "devices");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("host RAM"), r.out());
        // a warning is on stderr with gpufit's one prefix, in every format: stdout is the table
        assertTrue(r.err().contains("gpufit: warning: nvml: no NVIDIA driver found"), r.err());
        assertFalse(r.out().contains("warning"), r.out());
    }

    @Test
    void tableShowsGibWithTwoDecimalsLikeEveryTable() {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        Run r = run(FakeNvml.env(sysfs), "devices");
        assertEquals(0, r.code(), r.err());
        // 85,520,809,984 bytes total (nvidia-smi's 81559 MiB)
        assertTrue(r.out().contains("79.65 GiB"), r.out());
        assertFalse(r.out().contains("MiB"), r.out());
        assertTrue(r.out().contains("NVML memory v2 free"), r.out());
    }

    @Test
    void badTimeoutIsUsageError() {
        Run r = run(FakeNvml.env(sysfs), "devices", "--probe-timeout", "soon");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a duration"), r.err());
    }
}
