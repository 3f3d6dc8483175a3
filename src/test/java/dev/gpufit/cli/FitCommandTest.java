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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `gpufit fit` and `gpufit plan` in process, through the real JNA binding and the fake NVML. */
class FitCommandTest {
    static final long TOTAL = 85_520_809_984L;
    static final long RESERVED = 567_279_616L;
    static final long GIB = 1L << 30;

    static String h100(int n, long used) {
        return "device name=\"NVIDIA H100 80GB HBM3\" uuid=GPU-0d3f5a1c-1111-2222-3333-44445555666" + n
                + " pci=00000000:1" + n + ":00.0 total=" + TOTAL + " reserved=" + RESERVED + " used=" + used
                + " cc=9.0\n";
    }

    @TempDir
    Path sysfs;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    Run run(Map<String, String> env, String... args) {
        CommandLine cl = Cli.commandLine();
        Object cmd = cl.getSubcommands().get(args[0]).getCommand();
        if (cmd instanceof FitCommand f) {
            f.env = env;
        } else if (cmd instanceof PlanCommand p) {
            p.env = env;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    Run onFake(String scenario, String... args) {
        FakeNvml.scenario(scenario);
        return run(FakeNvml.env(sysfs), args);
    }

    /** No driver at all: proves catalog selections never probe. */
    Map<String, String> noDriver() {
        return Map.of(
                "GPUFIT_NVML_LIBRARY",
                sysfs.resolve("missing/libnvidia-ml.so.1").toString(),
                "GPUFIT_SYSFS_ROOT",
                sysfs.toString());
    }

    @Test
    void busyH100DoesNotFitAndSaysByHowMuchAndWhatWould() throws Exception {
        Run r = onFake(h100(0, 70 * GIB), "fit", "llama-3.1-8b", "--context", "8192", "--format", "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("gpufit/fit/v1", j.get("schema").asText());
        assertFalse(j.get("fits").asBoolean());
        JsonNode d = j.get("devices").get(0);
        assertEquals("does_not_fit", d.get("verdict").asText());
        long free = TOTAL - RESERVED - 70 * GIB;
        assertEquals(free, d.get("budget_bytes").asLong());
        long needed = j.get("estimate").get("memory").get("device_bytes").asLong();
        assertEquals(free - needed, d.get("headroom_bytes").asLong());
        assertTrue(d.get("headroom_bytes").asLong() < 0);
        assertTrue(
                d.get("reason").asText().startsWith("short by"), d.get("reason").asText());
        String advice = j.get("advice").toString();
        assertTrue(advice.contains("--dtype"), advice);
        assertTrue(advice.contains("--tp 2"), advice);

        Run table = onFake(h100(0, 70 * GIB), "fit", "llama-3.1-8b", "--context", "8192");
        assertEquals(ExitCodes.DOES_NOT_FIT, table.code());
        assertTrue(table.out().contains("short by"), table.out());
        assertTrue(table.out().contains("DOES NOT FIT"), table.out());
        assertTrue(table.out().contains("try: "), table.out());
    }

    @Test
    void freeH100FitsWithTheHeadroom() throws Exception {
        Run r = onFake(h100(0, 0), "fit", "llama-3.1-8b", "--context", "8192", "--format", "json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode d = r.json().get("devices").get(0);
        assertEquals("fits", d.get("verdict").asText());
        assertEquals("GPU-0d3f5a1c-1111-2222-3333-444455556660", d.get("uuid").asText());
        long needed = r.json().get("estimate").get("memory").get("device_bytes").asLong();
        assertEquals(TOTAL - RESERVED - needed, d.get("headroom_bytes").asLong());
    }

    @Test
    void seventyBSplitsAcrossTwoH100sButNotOne() throws Exception {
        String two = h100(0, 0) + h100(1, 0);
        Run tp2 = onFake(two, "fit", "llama-3.1-70b", "--dtype", "bf16", "--tp", "2", "--format", "json");
        assertEquals(ExitCodes.OK, tp2.code(), tp2.err());
        assertEquals(2, tp2.json().get("devices").size());
        assertEquals(2, tp2.json().get("tensor_parallel").asInt());

        Run tp1 = onFake(two, "fit", "llama-3.1-70b", "--dtype", "bf16", "--tp", "1", "--format", "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, tp1.code(), tp1.err());
        assertTrue(
                tp1.json()
                        .get("advice")
                        .toString()
                        .contains("split across 2 devices like the roomiest one selected (--tp 2)"),
                tp1.json().get("advice").toString());
    }

    @Test
    void catalogDevicesNeedNoGpu() throws Exception {
        Run one = run(noDriver(), "fit", "llama-3.1-8b", "--device", "catalog:rtx-4090", "--format", "json");
        assertEquals(ExitCodes.OK, one.code(), one.err());
        assertEquals(
                "NVIDIA GeForce RTX 4090",
                one.json().get("devices").get(0).get("name").asText());
        assertFalse(one.err().contains("NVIDIA driver"), "a catalog question must not probe: " + one.err());

        Run eight = run(
                noDriver(),
                "fit",
                "llama-3.1-405b",
                "--dtype",
                "fp8",
                "--device",
                "catalog:h100-80gb:8",
                "--tp",
                "8",
                "--format",
                "json");
        assertEquals(ExitCodes.OK, eight.code(), eight.err());
        assertEquals(8, eight.json().get("devices").size());
    }

    @Test
    void noDeviceIsExitFour() {
        Run r = run(
                Map.of("GPUFIT_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1", "GPUFIT_SYSFS_ROOT", sysfs.toString()),
                "fit",
                "llama-3.1-8b",
                "--device",
                "3");
        // index 3 does not exist here: a bad selector is bad input, not a missing device
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("no device with that index"), r.err());
    }

    @Test
    void tpLargerThanTheSelectionIsBadInput() {
        Run r = run(noDriver(), "fit", "llama-3.1-70b", "--device", "catalog:h100-80gb:2", "--tp", "4");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("needs 4 devices"), r.err());
    }

    @Test
    void planPrintsTheGridAndItsLargestContextIsTheExactBoundary() throws Exception {
        Run grid = run(noDriver(), "plan", "llama-3.1-8b", "--device", "catalog:rtx-4090");
        assertEquals(ExitCodes.OK, grid.code(), grid.err());
        assertTrue(grid.out().contains("WEIGHTS"), grid.out());
        assertTrue(grid.out().contains("q4_k_m"), grid.out());
        assertTrue(grid.out().contains("128k"), grid.out());

        Run plan = run(noDriver(), "plan", "llama-3.1-8b", "--device", "catalog:rtx-4090", "--format", "json");
        long largest = plan.json().get("largest_context").asLong();
        assertTrue(largest > 4096 && largest < 131072, "largest " + largest);
        Run at = run(
                noDriver(), "fit", "llama-3.1-8b", "--device", "catalog:rtx-4090", "--context", Long.toString(largest));
        assertEquals(ExitCodes.OK, at.code(), at.out());
        Run past = run(
                noDriver(),
                "fit",
                "llama-3.1-8b",
                "--device",
                "catalog:rtx-4090",
                "--context",
                Long.toString(largest + 1));
        assertEquals(ExitCodes.DOES_NOT_FIT, past.code(), past.out());
        assertTrue(plan.json().get("largest_batch").asInt() >= 1);
    }

    @Test
    void vllmAdviceIsVllmsOwnBoundary() throws Exception {
        Run r = run(
                noDriver(),
                "fit",
                "llama-3.1-8b",
                "--engine",
                "vllm",
                "--context",
                "131072",
                "--device",
                "catalog:rtx-4090",
                "--format",
                "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, r.code(), r.err());
        long tokens = r.json().get("devices").get(0).get("kv_cache_tokens").asLong();
        String advice = r.json().get("advice").toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("fits at batch 1: (\\d+) tokens")
                .matcher(advice);
        assertTrue(m.find(), advice);
        long largest = Long.parseLong(m.group(1));
        assertTrue(largest <= tokens && largest > tokens - 16 * 2, "largest " + largest + " vs KV capacity " + tokens);
        assertFalse(advice.contains("--dtype"), "even int4 leaves too little KV for 128k on 24 GB: " + advice);
        String at64k = run(
                        noDriver(),
                        "fit",
                        "llama-3.1-8b",
                        "--engine",
                        "vllm",
                        "--context",
                        "65536",
                        "--device",
                        "catalog:rtx-4090",
                        "--format",
                        "json")
                .json()
                .get("advice")
                .toString();
        assertTrue(at64k.contains("--dtype fp8"), "vLLM is offered formats it loads, not GGUF mixes: " + at64k);
        assertEquals(
                ExitCodes.OK,
                run(
                                noDriver(),
                                "fit",
                                "llama-3.1-8b",
                                "--engine",
                                "vllm",
                                "--context",
                                Long.toString(largest),
                                "--device",
                                "catalog:rtx-4090")
                        .code());
        assertEquals(
                ExitCodes.DOES_NOT_FIT,
                run(
                                noDriver(),
                                "fit",
                                "llama-3.1-8b",
                                "--engine",
                                "vllm",
                                "--context",
                                Long.toString(largest + 1),
                                "--device",
                                "catalog:rtx-4090")
                        .code());
    }

    @Test
    void aMigEnabledGpuIsJudgedThroughItsInstancesNotAsAnEmptyDevice() throws Exception {
        String scenario = h100(0, 0) + h100(1, 0)
                + "mig parent=0 name=\"NVIDIA H100 80GB HBM3 MIG 3g.40gb\" uuid=MIG-3c2b1a00-aaaa-bbbb-cccc-ddddeeeeffff"
                + " total=42949672960 used=0\n";
        Run r = onFake(scenario, "fit", "llama-3.1-8b", "--format", "json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        java.util.List<String> ids = new java.util.ArrayList<>();
        r.json().get("devices").forEach(d -> ids.add(d.get("id").asText()));
        assertEquals(java.util.Set.of("nvidia:1", "nvidia:0/mig:0"), new java.util.HashSet<>(ids));
        assertFalse(ids.contains("nvidia:0"), "the MIG-enabled parent offers no memory to CUDA: " + ids);
        assertTrue(
                r.json().get("notes").toString().contains("has MIG enabled"),
                r.json().get("notes").toString());

        Run tp2 = onFake(scenario, "fit", "llama-3.1-8b", "--tp", "2", "--format", "json");
        assertEquals(ExitCodes.BAD_INPUT, tp2.code(), "CUDA cannot span a MIG instance and a GPU: " + tp2.out());
        assertTrue(tp2.err().contains("CUDA cannot span MIG instances"), tp2.err());
    }

    @Test
    void oddSelectorsAreBadInputNotCrashes() {
        Run huge = run(noDriver(), "fit", "llama-3.1-8b", "--device", "99999999999");
        assertEquals(ExitCodes.BAD_INPUT, huge.code(), huge.err());
        assertTrue(huge.err().contains("no device with that index"), huge.err());
        Run empty = run(noDriver(), "fit", "llama-3.1-8b", "--device", ",");
        assertEquals(ExitCodes.BAD_INPUT, empty.code(), empty.err());
        assertTrue(empty.err().contains("names no device"), empty.err());
    }
}
