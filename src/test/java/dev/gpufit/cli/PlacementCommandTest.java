package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.testing.FakeNvml;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Placement, {@code --pick}, {@code fit --} and {@code run --} on two fake H100s: the engine takes
 * the devices it sees in order, so a busy GPU 0 stops a vLLM launch although GPU 1 is free.
 */
class PlacementCommandTest {
    static final long TOTAL = 85_520_809_984L;
    static final long RESERVED = 567_279_616L;
    static final long GIB = 1L << 30;
    static final String UUID0 = "GPU-0d3f5a1c-1111-2222-3333-444455556666";
    static final String UUID1 = "GPU-7a9e2b44-1111-2222-3333-444455556666";

    @TempDir
    Path dir;

    static String h100(String uuid, String pci, long freeBytes) {
        return "device name=\"NVIDIA H100 80GB HBM3\" uuid=" + uuid + " pci=" + pci + " total=" + TOTAL + " reserved="
                + RESERVED + " used=" + (TOTAL - RESERVED - freeBytes) + " cc=9.0\n";
    }

    /** GPU 0 with 9 GiB free, GPU 1 idle. */
    static final String GPU0_BUSY =
            h100(UUID0, "00000000:18:00.0", 9 * GIB) + h100(UUID1, "00000000:2A:00.0", TOTAL - RESERVED);

    /** Both GPUs with 9 GiB free. */
    static final String BOTH_BUSY = h100(UUID0, "00000000:18:00.0", 9 * GIB) + h100(UUID1, "00000000:2A:00.0", 9 * GIB);

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    Run run(String scenario, String... args) throws IOException {
        FakeNvml.scenario(scenario);
        Map<String, String> env = FakeNvml.env(Files.createDirectories(dir.resolve("sysfs")));
        env.put("HOME", dir.toString());
        CommandLine cl = Cli.commandLine();
        Object cmd = cl.getSubcommands().get(args[0]).getCommand();
        if (cmd instanceof FitCommand f) {
            f.env = env;
        } else {
            ((RunCommand) cmd).env = env;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void vllmIsJudgedOnTheFirstVisibleDeviceNotTheRoomiest() throws IOException {
        Run r = run(GPU0_BUSY, "fit", "llama-3.1-8b", "--engine", "vllm", "--context", "8192", "--format", "json");
        assertEquals(3, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals("does_not_fit", j.get("devices").get(0).get("verdict").asText());
        assertEquals("fits", j.get("devices").get(1).get("verdict").asText());
        assertEquals("does_not_fit", j.get("verdict").asText());
        assertFalse(j.get("fits").asBoolean());
        JsonNode p = j.get("placement");
        assertEquals("first_devices", p.get("rule").asText());
        assertEquals(1, p.get("devices").size());
        assertEquals(0, p.get("devices").get(0).asInt());
        assertEquals("does_not_fit", p.get("verdict").asText());

        Run table = run(GPU0_BUSY, "fit", "llama-3.1-8b", "--engine", "vllm", "--context", "8192");
        assertEquals(3, table.code());
        assertTrue(
                table.out().contains("launch: vllm runs on the first 1 visible device ([0]): does_not_fit"),
                table.out());
    }

    @Test
    void layerSplittingAndGenericEnginesAreStillJudgedPerDevice() throws IOException {
        Run llama =
                run(GPU0_BUSY, "fit", "llama-3.1-8b", "--engine", "llama.cpp", "--context", "8192", "--format", "json");
        assertEquals(0, llama.code(), llama.out() + llama.err());
        assertEquals("layer_split", llama.json().get("placement").get("rule").asText());
        assertEquals(2, llama.json().get("placement").get("devices").size());
        Run generic = run(GPU0_BUSY, "fit", "llama-3.1-8b", "--context", "8192", "--format", "json");
        assertEquals(0, generic.code(), generic.out() + generic.err());
        assertEquals("any_device", generic.json().get("placement").get("rule").asText());
    }

    @Test
    void pickPinsTheFirstDeviceThatFitsByUuid() throws IOException {
        Run r = run(GPU0_BUSY, "fit", "llama-3.1-8b", "--engine", "vllm", "--context", "8192", "--pick");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("export CUDA_VISIBLE_DEVICES=" + UUID1, r.out().strip(), "stdout is what eval reads");
        assertTrue(r.err().contains("launch: vllm runs on the first 1 visible device ([1]): fits"), r.err());

        Run json = run(GPU0_BUSY, "fit", "llama-3.1-8b", "--engine", "vllm", "--pick", "--format", "json");
        assertEquals(0, json.code());
        JsonNode pick = json.json().get("pick");
        assertTrue(pick.get("found").asBoolean());
        assertEquals(UUID1, pick.get("cuda_visible_devices").asText());
        assertEquals(1, json.json().get("devices").size(), "judged on the picked device only");

        Run none = run(BOTH_BUSY, "fit", "llama-3.1-8b", "--engine", "vllm", "--context", "8192", "--pick");
        assertEquals(3, none.code(), none.out() + none.err());
        assertEquals("", none.out(), "nothing to eval when nothing fits");
    }

    @Test
    void pickWithTensorParallelNeedsThatManyDevicesThatFit() throws IOException {
        Run r = run(GPU0_BUSY, "fit", "llama-3.1-8b", "--engine", "vllm", "--tp", "2", "--pick", "--format", "json");
        assertEquals(3, r.code(), r.out() + r.err());
        assertFalse(r.json().get("pick").get("found").asBoolean());
    }

    @Test
    void fitReadsAVllmCommandLine() throws IOException {
        Run r = run(
                GPU0_BUSY,
                "fit",
                "--format",
                "json",
                "--",
                "vllm",
                "serve",
                "llama-3.1-8b",
                "--max-model-len=16384",
                "--gpu-memory-utilization",
                "0.5",
                "--max-num-seqs",
                "64",
                "--kv-cache-dtype",
                "fp8",
                "--port",
                "8000");
        assertEquals(3, r.code(), r.out() + r.err());
        JsonNode w = r.json().get("estimate").get("workload");
        assertEquals("vllm", w.get("engine").asText());
        assertEquals(16384, w.get("context").asLong());
        assertEquals("fp8", w.get("kv_dtype").asText());
        assertEquals(
                "0.5", w.get("engine_options").get("gpu-memory-utilization").asText());
        assertEquals("64", w.get("engine_options").get("max-num-seqs").asText());

        Run picked = run(GPU0_BUSY, "fit", "--pick", "--", "vllm", "serve", "llama-3.1-8b", "--max-model-len", "8192");
        assertEquals(0, picked.code(), picked.out() + picked.err());
        assertEquals("export CUDA_VISIBLE_DEVICES=" + UUID1, picked.out().strip());
    }

    @Test
    void llamaServerContextIsTheTotalSplitOverTheSlots() throws IOException {
        Run r = run(
                GPU0_BUSY,
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
                "4");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode w = r.json().get("estimate").get("workload");
        assertEquals("llama.cpp", w.get("engine").asText());
        assertEquals(1024, w.get("context").asLong(), "-c is n_ctx, shared by -np sequences");
        assertEquals(4, w.get("batch").asInt());
        assertEquals("4", w.get("engine_options").get("parallel").asText());

        Run ctx = run(
                GPU0_BUSY,
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
                "1");
        assertEquals(0, ctx.code(), ctx.out() + ctx.err());
        assertEquals(
                8192, ctx.json().get("estimate").get("workload").get("context").asLong());

        // llama.cpp stops on --ctx-size=N (common/arg.cpp matches arguments whole): refused, never ignored
        Run eq = run(GPU0_BUSY, "fit", "--", "llama-server", "-m", "llama-3.1-8b", "--ctx-size=8192");
        assertEquals(2, eq.code(), eq.out() + eq.err());
        assertTrue(eq.err().contains("--ctx-size=8192"), eq.err());
    }

    @Test
    void unmodelledFlagsAreRefusedByName() throws IOException {
        Run ot = run(GPU0_BUSY, "fit", "--", "llama-server", "-m", "llama-3.1-8b", "-ot", "exps=CPU");
        assertEquals(2, ot.code(), ot.out() + ot.err());
        assertTrue(ot.err().contains("-ot"), ot.err());
        Run pp = run(GPU0_BUSY, "fit", "--", "vllm", "serve", "llama-3.1-8b", "-pp", "2");
        assertEquals(2, pp.code(), pp.out() + pp.err());
        assertTrue(pp.err().contains("--pipeline-parallel-size 2"), pp.err());
        Run lora = run(GPU0_BUSY, "fit", "--", "llama-server", "-m", "llama-3.1-8b", "--lora", "a.gguf");
        assertEquals(2, lora.code(), lora.out() + lora.err());
        assertTrue(lora.err().contains("--lora"), lora.err());
        Run stray = run(GPU0_BUSY, "fit", "llama-3.1-8b", "extra");
        assertEquals(2, stray.code());
        Run twice = run(GPU0_BUSY, "fit", "qwen2.5-7b", "--", "vllm", "serve", "llama-3.1-8b");
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("give only the command line"), twice.err());
        Run noCommand = run(GPU0_BUSY, "run", "llama-3.1-8b");
        assertEquals(2, noCommand.code());
        assertTrue(noCommand.err().contains("after --"), noCommand.err());
    }

    @Test
    void workloadOptionsBesideAnEngineCommandLineAreRefusedNotIgnored() throws IOException {
        // the engine's flags state the workload; a gpufit --context here would be silently outvoted
        Run ctx = run(GPU0_BUSY, "fit", "--context", "8192", "--", "vllm", "serve", "llama-3.1-8b");
        assertEquals(2, ctx.code(), ctx.out() + ctx.err());
        assertTrue(ctx.err().contains("--context does not apply beside an engine command line"), ctx.err());
        Run run = run(GPU0_BUSY, "run", "--engine", "vllm", "--kv-dtype", "fp8", "--", "vllm", "serve", "x");
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("--engine, --kv-dtype does not apply"), run.err());
        Run device = run(GPU0_BUSY, "fit", "--device", "1", "--format", "json", "--", "vllm", "serve", "llama-3.1-8b");
        assertEquals(0, device.code(), device.out() + device.err());
    }

    @Test
    void llamaServerHfRepoIsReadFromTheHfCache() throws IOException {
        Path snap = Files.createDirectories(dir.resolve(
                ".cache/huggingface/hub/models--org--Model-GGUF/snapshots/0123456789abcdef0123456789abcdef01234567"));
        Files.createDirectories(dir.resolve(".cache/huggingface/hub/models--org--Model-GGUF/refs"));
        Files.writeString(
                dir.resolve(".cache/huggingface/hub/models--org--Model-GGUF/refs/main"),
                "0123456789abcdef0123456789abcdef01234567");
        Files.writeString(snap.resolve("model-Q8_0.gguf"), "not a gguf");
        Run r = run(GPU0_BUSY, "fit", "--", "llama-server", "-hf", "org/Model-GGUF:Q4_K_M");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("no Q4_K_M .gguf file in the HF cache"), r.err());
        Run missing = run(GPU0_BUSY, "fit", "--", "llama-server", "-hf", "org/Other");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("not in the HF cache"), missing.err());
    }

    @Test
    void runStartsTheEnginePinnedOnlyWhenItFits() throws Exception {
        Path marker = dir.resolve("started");
        Path vllm = dir.resolve("bin/vllm");
        Files.createDirectories(vllm.getParent());
        Files.writeString(vllm, "#!/bin/sh\necho \"$CUDA_VISIBLE_DEVICES|$*\" > '" + marker + "'\nexit 7\n");
        Files.setPosixFilePermissions(vllm, PosixFilePermissions.fromString("rwxr-xr-x"));

        Run busy = run(BOTH_BUSY, "run", "--", vllm.toString(), "serve", "llama-3.1-8b", "--max-model-len", "8192");
        assertEquals(3, busy.code(), busy.err());
        assertFalse(Files.exists(marker), "not started when it does not fit");
        assertTrue(busy.err().contains("not started"), busy.err());

        Run ok = run(GPU0_BUSY, "run", "--", vllm.toString(), "serve", "llama-3.1-8b", "--max-model-len", "8192");
        assertEquals(7, ok.code(), "the engine's exit code is gpufit's: " + ok.err());
        assertEquals(
                UUID1 + "|serve llama-3.1-8b --max-model-len 8192",
                Files.readString(marker).strip());
    }
}
