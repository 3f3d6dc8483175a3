package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.testing.FakeNvml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The gate's rules (docs/fit.md#exit-codes) on the fake NVML: a GPU probe that fails or does not
 * answer is exit 4 with the driver's reason for fit, plan and nfd, never host RAM judged instead;
 * host RAM stands in only on a machine without a GPU driver, for an engine that runs on the CPU.
 */
class ProbeVerdictTest {
    static final String INIT_MISMATCH = "error call=nvmlInit_v2 code=18\n" + FakeNvml.TWO_H100;
    static final String HUNG_COUNT = FakeNvml.TWO_H100 + "delay call=nvmlDeviceGetCount_v2 ms=20000\n";
    static final String GPU1_LOST = FakeNvml.TWO_H100 + "error call=nvmlDeviceGetMemoryInfo_v2 device=1 code=15\n";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    Run run(Map<String, String> env, String... args) {
        CommandLine cl = Cli.commandLine();
        Object cmd = cl.getSubcommands().get(args[0]).getCommand();
        if (cmd instanceof FitCommand f) {
            f.env = env;
        } else if (cmd instanceof PlanCommand p) {
            p.env = env;
        } else if (cmd instanceof NfdCommand n) {
            n.env = env;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    Run onFake(String scenario, String... args) {
        FakeNvml.scenario(scenario);
        return run(FakeNvml.env(tmp), args);
    }

    Map<String, String> noDriver() {
        return Map.of(
                "GPUFIT_NVML_LIBRARY",
                tmp.resolve("missing/libnvidia-ml.so.1").toString(),
                "GPUFIT_SYSFS_ROOT",
                tmp.toString());
    }

    @AfterEach
    void driverAnswersAgain() {
        FakeNvml.scenario(FakeNvml.TWO_H100);
    }

    @Test
    void aFailedNvmlInitIsExitFourWithTheDriversReasonNotHostRam() {
        for (String engine : new String[] {"generic", "vllm"}) {
            Run r = onFake(INIT_MISMATCH, "fit", "llama-3.1-8b", "--engine", engine);
            assertEquals(ExitCodes.NO_DEVICE, r.code(), engine + ": " + r.out() + r.err());
            assertTrue(r.err().contains("driver/library version mismatch"), r.err());
            assertTrue(r.err().contains("nvmlInit_v2"), r.err());
            assertFalse(r.out().contains("FITS"), r.out());
            assertFalse((r.out() + r.err()).contains("judging host RAM"), r.out() + r.err());
        }
        Run plan = onFake(INIT_MISMATCH, "plan", "llama-3.1-8b");
        assertEquals(ExitCodes.NO_DEVICE, plan.code(), plan.out() + plan.err());
        assertTrue(plan.err().contains("driver/library version mismatch"), plan.err());
    }

    @Test
    void aHungDriverIsExitFourAfterTheProbeTimeout() {
        Run r = onFake(HUNG_COUNT, "fit", "llama-3.1-8b", "--probe-timeout", "1s");
        assertEquals(ExitCodes.NO_DEVICE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("nvml: probe gave up after 1.0 s"), r.err());
        assertFalse(r.out().contains("FITS"), r.out());
        Run vllm = onFake(HUNG_COUNT, "fit", "llama-3.1-8b", "--engine", "vllm", "--probe-timeout", "1s");
        assertEquals(ExitCodes.NO_DEVICE, vllm.code(), vllm.out() + vllm.err());
        Run plan = onFake(HUNG_COUNT, "plan", "llama-3.1-8b", "--probe-timeout", "1s");
        assertEquals(ExitCodes.NO_DEVICE, plan.code(), plan.out() + plan.err());
    }

    @Test
    void hostRamIsJudgedOnlyWithoutADriverAndForAnEngineThatRunsOnTheCpu() {
        Run generic = run(noDriver(), "fit", "llama-3.1-8b");
        assertEquals(ExitCodes.OK, generic.code(), generic.out() + generic.err());
        assertTrue(generic.out().contains("judging host RAM"), generic.out());
        Run llama = run(noDriver(), "fit", "llama-3.1-8b", "--engine", "llama.cpp");
        assertEquals(ExitCodes.OK, llama.code(), llama.out() + llama.err());

        Run vllm = run(noDriver(), "fit", "llama-3.1-8b", "--engine", "vllm");
        assertEquals(ExitCodes.NO_DEVICE, vllm.code(), vllm.out() + vllm.err());
        assertTrue(vllm.err().contains("--engine vllm runs only on GPUs"), vllm.err());
        assertFalse(vllm.out().contains("FITS"), vllm.out());

        // asked for: host RAM is judged, whatever the engine
        Run asked = run(noDriver(), "fit", "llama-3.1-8b", "--engine", "vllm", "--device", "host");
        assertTrue(asked.code() == ExitCodes.OK || asked.code() == ExitCodes.DOES_NOT_FIT, asked.err());
    }

    @Test
    void catalogDevicesNeverProbeSoAFailedDriverDoesNotMatter() {
        Run r = onFake(INIT_MISMATCH, "fit", "llama-3.1-8b", "--device", "catalog:h100-80gb", "--engine", "vllm");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertFalse(r.err().contains("mismatch"), r.err());
    }

    @Test
    void aGpuLostDuringTheProbeIsUnknownUnlessTheUserLeftItOut() {
        Run all = onFake(GPU1_LOST, "fit", "llama-3.1-8b");
        assertEquals(ExitCodes.NO_DEVICE, all.code(), all.out() + all.err());
        assertTrue(all.err().contains("nvidia:1"), all.err());
        assertFalse(all.out().contains("FITS"), all.out());

        // an index may have shifted to another GPU when one is missing
        Run byIndex = onFake(GPU1_LOST, "fit", "llama-3.1-8b", "--device", "0");
        assertEquals(ExitCodes.NO_DEVICE, byIndex.code(), byIndex.out() + byIndex.err());

        // GPU 0 named by UUID: judged, the lost GPU a warning
        Run named = onFake(GPU1_LOST, "fit", "llama-3.1-8b", "--device", "GPU-0d3f5a1c");
        assertEquals(ExitCodes.OK, named.code(), named.out() + named.err());
        assertTrue(named.err().contains("GPU 1"), named.err());
        assertTrue(named.err().contains("warning"), named.err());
    }

    @Test
    void nfdWritesNoFitLabelsWhenTheProbeFailedAndExitsFour() throws Exception {
        Run r = onFake(INIT_MISMATCH, "nfd", "--watch", "llama-3.1-8b");
        assertEquals(ExitCodes.NO_DEVICE, r.code(), r.out() + r.err());
        assertFalse(r.out().contains("fits."), r.out());
        assertFalse(r.out().contains("gpu-count"), r.out());
        assertTrue(r.err().contains("driver/library version mismatch"), r.err());

        Run hung = onFake(HUNG_COUNT, "nfd", "--watch", "llama-3.1-8b", "--probe-timeout", "1s");
        assertEquals(ExitCodes.NO_DEVICE, hung.code(), hung.out() + hung.err());
        assertFalse(hung.out().contains("fits."), hung.out());
    }

    @Test
    void nfdOnANodeWithoutAGpuNeverSaysAModelFits() {
        Run r = run(noDriver(), "nfd", "--watch", "llama-3.1-8b");
        assertTrue(r.out().contains("gpufit.dev/gpu-count=0\n"), r.out());
        assertTrue(r.out().contains("gpufit.dev/fits.llama-3.1-8b=false\n"), r.out());
        assertFalse(r.out().contains("=true"), r.out());
    }

    @Test
    void nfdCountsAMigHostAsFleetDoes() {
        // GPU 0 has MIG enabled: its instance counts, the parent does not (fleet's rule)
        Run r = onFake(FakeNvml.TWO_H100_AND_MIG, "nfd", "--watch", "llama-3.1-8b");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("gpufit.dev/gpu-count=2\n"), r.out());
        assertTrue(r.out().contains("gpufit.dev/gpu-memory-gib=40\n"), r.out());
    }
}
