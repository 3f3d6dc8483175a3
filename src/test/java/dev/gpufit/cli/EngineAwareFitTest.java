package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpufit.testing.FakeNvml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** fit and plan under each engine's own rules: what they refuse, what they advise, and how they show it. */
class EngineAwareFitTest {

    @Test
    void llamaCppRefusesTensorParallelBecauseItSplitsLayers() {
        for (String engine : new String[] {"llama.cpp", "ollama"}) {
            CliRun r = CliRun.of("estimate", "llama-3.1-70b", "--engine", engine, "--dtype", "q4_k_m", "--tp", "2");
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("splits layers across GPUs"), r.err());
            assertTrue(r.err().contains("--gpu-layers N"), r.err());
            assertFalse(r.out().contains("per device for tensor parallel"), r.out());
        }
        CliRun fit = CliRun.of(
                "fit",
                "llama-3.1-70b",
                "--engine",
                "llama.cpp",
                "--dtype",
                "q4_k_m",
                "--device",
                "catalog:h100-80gb:2",
                "--tp",
                "2");
        assertEquals(ExitCodes.BAD_INPUT, fit.code(), fit.out() + fit.err());
    }

    @Test
    void llamaCppAdviceIsTheLargestGpuLayersThatFitNotATensorParallelSplit() {
        CliRun r = CliRun.of(
                "fit",
                "llama-3.1-70b",
                "--engine",
                "llama.cpp",
                "--dtype",
                "q4_k_m",
                "--device",
                "catalog:rtx-4090",
                "--format",
                "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, r.code(), r.err());
        String advice = r.json().get("advice").toString();
        assertFalse(advice.contains("such devices"), advice);
        assertFalse(advice.contains("--tp"), advice);
        Matcher m = Pattern.compile("--gpu-layers (\\d+) of 80").matcher(advice);
        assertTrue(m.find(), advice);
        int ngl = Integer.parseInt(m.group(1));
        assertTrue(ngl > 0 && ngl < 80, advice);
        // the exact boundary: N layers fit, N + 1 do not
        assertEquals(
                ExitCodes.OK,
                CliRun.of(
                                "fit",
                                "llama-3.1-70b",
                                "--engine",
                                "llama.cpp",
                                "--dtype",
                                "q4_k_m",
                                "--device",
                                "catalog:rtx-4090",
                                "--gpu-layers",
                                Integer.toString(ngl))
                        .code());
        assertEquals(
                ExitCodes.DOES_NOT_FIT,
                CliRun.of(
                                "fit",
                                "llama-3.1-70b",
                                "--engine",
                                "llama.cpp",
                                "--dtype",
                                "q4_k_m",
                                "--device",
                                "catalog:rtx-4090",
                                "--gpu-layers",
                                Integer.toString(ngl + 1))
                        .code());
    }

    @TempDir
    Path sysfs;

    static final long GIB = 1L << 30;

    CliRun onFake(String scenario, String... args) {
        FakeNvml.scenario(scenario);
        CommandLine cl = Cli.commandLine();
        Object cmd = cl.getSubcommands().get(args[0]).getCommand();
        if (cmd instanceof FitCommand f) {
            f.env = FakeNvml.env(sysfs);
        } else if (cmd instanceof PlanCommand p) {
            p.env = FakeNvml.env(sysfs);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new CliRun(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void vllmRefusingToStartIsAdvisedTheUtilizationThatFitsTheFreeMemory() {
        String busy = FitCommandTest.h100(0, 20 * GIB);
        CliRun r = onFake(busy, "fit", "llama-3.1-8b", "--engine", "vllm", "--context", "8192", "--format", "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, r.code(), r.err());
        String advice = r.json().get("advice").toString();
        assertFalse(advice.contains("no context fits"), advice);
        assertFalse(advice.contains("devices"), advice);
        assertFalse(advice.contains("--tp"), advice);
        Matcher m = Pattern.compile("--gpu-memory-utilization (0\\.\\d\\d)").matcher(advice);
        assertTrue(m.find(), advice);
        double u = Double.parseDouble(m.group(1));
        assertTrue(u < 0.9 && u > 0.5, advice);
        String next = String.format(Locale.ROOT, "%.2f", u + 0.01);
        assertEquals(
                ExitCodes.OK,
                onFake(
                                busy,
                                "fit",
                                "llama-3.1-8b",
                                "--engine",
                                "vllm",
                                "--context",
                                "8192",
                                "--gpu-memory-utilization",
                                m.group(1))
                        .code());
        assertEquals(
                ExitCodes.DOES_NOT_FIT,
                onFake(
                                busy,
                                "fit",
                                "llama-3.1-8b",
                                "--engine",
                                "vllm",
                                "--context",
                                "8192",
                                "--gpu-memory-utilization",
                                next)
                        .code());
    }

    @Test
    void vllmHeaderStatesVllmsNeedAndTheModelsApartAndAKvShortfallShowsInTheRow() {
        CliRun r = CliRun.of(
                "fit", "llama-3.1-8b", "--engine", "vllm", "--context", "131072", "--device", "catalog:rtx-4090");
        assertEquals(ExitCodes.DOES_NOT_FIT, r.code(), r.err());
        String out = r.out();
        Matcher row = Pattern.compile("\\n0 .*?\\s([\\d.]+) GiB\\s+([-\\d.]+) GiB(\\*?)\\s+\\[.*\\]\\s+(.*)\\n")
                .matcher(out);
        assertTrue(row.find(), out);
        Matcher header = Pattern.compile("vLLM takes ([\\d.]+) GiB per device").matcher(out);
        assertTrue(header.find(), out);
        assertEquals(row.group(1), header.group(1), "the header states the NEEDED of the row: " + out);
        assertTrue(out.contains("the model needs "), out);
        assertTrue(Double.parseDouble(row.group(2)) >= 0, out);
        assertEquals("*", row.group(3), "positive headroom but KV short is marked: " + out);
        assertEquals("does_not_fit (KV short)", row.group(4).strip(), out);
        assertTrue(out.contains("*: the memory is there, but vLLM would not start"), out);
    }

    @Test
    void aContextAboveTheModelsMaximumIsAWarningAndUnderVllmDoesNotFit() {
        CliRun r = CliRun.of(
                "fit", "phi-3-mini-4k", "--context", "32768", "--device", "catalog:h100-80gb", "--format", "json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String warnings = r.json().get("warnings").toString();
        assertTrue(warnings.contains("exceeds the model's maximum"), warnings);
        CliRun table = CliRun.of("fit", "phi-3-mini-4k", "--context", "32768", "--device", "catalog:h100-80gb");
        assertTrue(table.err().contains("gpufit: warning: --context 32768 exceeds the model's maximum"), table.err());
        assertFalse(table.out().contains("warning"), table.out());

        CliRun v = CliRun.of(
                "fit",
                "phi-3-mini-4k",
                "--engine",
                "vllm",
                "--context",
                "32768",
                "--device",
                "catalog:h100-80gb",
                "--format",
                "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, v.code(), v.err());
        JsonNode d = v.json().get("devices").get(0);
        assertEquals("does_not_fit", d.get("verdict").asText());
        assertTrue(
                d.get("reason").asText().startsWith("vLLM refuses max_model_len 32768"),
                d.get("reason").asText());
        assertTrue(
                d.get("reason").asText().contains("VLLM_ALLOW_LONG_MAX_MODEL_LEN"),
                d.get("reason").asText());
        assertTrue(v.json().get("warnings").toString().contains("VLLM_ALLOW_LONG_MAX_MODEL_LEN"));
        // at the model's maximum vLLM starts
        assertEquals(
                ExitCodes.OK,
                CliRun.of(
                                "fit",
                                "phi-3-mini-4k",
                                "--engine",
                                "vllm",
                                "--context",
                                "4096",
                                "--device",
                                "catalog:h100-80gb")
                        .code());
    }

    @Test
    void tensorParallelAdviceForAGpuLikeNoCatalogEntrySaysSoAndStillGivesTheWholeCommand() {
        String odd = "device name=\"Prototype X 10GB\" uuid=GPU-0d3f5a1c-1111-2222-3333-444455556660"
                + " pci=00000000:10:00.0 total=10737418240 reserved=0 used=0 cc=9.0\n";
        CliRun r = onFake(odd, "fit", "llama-3.1-8b", "--context", "8192", "--format", "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, r.code(), r.err());
        String advice = r.json().get("advice").toString();
        assertTrue(
                advice.contains("no catalog device is like it; plan them with one that gpufit catalog devices lists"
                        + " in place of NAME: gpufit fit llama-3.1-8b --context 8192 --device catalog:NAME:"),
                advice);
    }

    @Test
    void tensorParallelAdviceNamesDevicesThatAreNotHereAndNeverSplitsUnifiedMemory() {
        CliRun one = onFake(FitCommandTest.h100(0, 0), "fit", "llama-3.1-70b", "--dtype", "bf16", "--format", "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, one.code(), one.err());
        String advice = one.json().get("advice").toString();
        assertFalse(advice.contains("(--tp 2)"), "one GPU here: --tp 2 alone would be exit 2: " + advice);
        assertTrue(advice.contains("2 devices like NVIDIA H100 80GB HBM3, 1 selected here"), advice);
        // the catalog entry of the GPU here, in a command that repeats what was asked and runs as is
        String command = "gpufit fit llama-3.1-70b --dtype bf16 --device catalog:h100-80gb:2 --tp 2";
        assertTrue(advice.contains("plan them as the catalog's h100-80gb: " + command), advice);
        assertEquals(
                ExitCodes.OK,
                CliRun.of(command.substring("gpufit ".length()).split(" ")).code());

        CliRun cat = CliRun.of(
                "fit", "llama-3.1-70b", "--dtype", "bf16", "--device", "catalog:h100-80gb", "--format", "json");
        String catAdvice = cat.json().get("advice").toString();
        assertTrue(
                catAdvice.contains("(gpufit fit llama-3.1-70b --dtype bf16 --device catalog:h100-80gb:2 --tp 2)"),
                catAdvice);
        // and that suggestion runs and fits
        assertEquals(
                ExitCodes.OK,
                CliRun.of("fit", "llama-3.1-70b", "--dtype", "bf16", "--device", "catalog:h100-80gb:2", "--tp", "2")
                        .code());

        CliRun mac = CliRun.of(
                "fit", "llama-3.1-70b", "--dtype", "bf16", "--device", "catalog:m2-pro-16gb", "--format", "json");
        assertEquals(ExitCodes.DOES_NOT_FIT, mac.code(), mac.err());
        String macAdvice = mac.json().get("advice").toString();
        assertFalse(
                macAdvice.contains("--tp") || macAdvice.contains("split") || macAdvice.contains("such devices"),
                macAdvice);
    }

    @Test
    void aTensorParallelGroupOfDifferentDevicesIsAWarning() {
        CliRun r = CliRun.of(
                "fit",
                "llama-3.1-8b",
                "--device",
                "catalog:h100-80gb,catalog:a100-80gb",
                "--tp",
                "2",
                "--format",
                "json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.json().get("warnings").toString().contains("mixes devices"), r.out());
        CliRun same =
                CliRun.of("fit", "llama-3.1-8b", "--device", "catalog:h100-80gb:2", "--tp", "2", "--format", "json");
        assertFalse(same.json().get("warnings").toString().contains("mixes devices"), same.out());
    }

    @Test
    void planUnderVllmShowsTheModelsNeedInTheCellsNotVllmsConstantTake() {
        CliRun r = CliRun.of("plan", "llama-3.1-8b", "--engine", "vllm", "--device", "catalog:rtx-4090");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String bf16 =
                r.out().lines().filter(l -> l.startsWith("bf16 ")).findFirst().orElseThrow();
        java.util.List<String> gib = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("([\\d.]+) GiB (ok|~|x)").matcher(bf16);
        while (m.find()) {
            gib.add(m.group(1));
        }
        assertTrue(gib.size() >= 3, bf16);
        assertTrue(new java.util.HashSet<>(gib).size() > 1, "cells differ by context: " + bf16);
        assertTrue(r.out().contains("cell: what the model needs per device"), r.out());
        JsonNode cell = CliRun.of(
                        "plan", "llama-3.1-8b", "--engine", "vllm", "--device", "catalog:rtx-4090", "--format", "json")
                .json()
                .get("grid")
                .get(0)
                .get("cells")
                .get(0);
        assertTrue(cell.get("model_bytes").asLong() != cell.get("needed_bytes").asLong(), cell.toString());
    }

    @Test
    void aTightReasonDoesNotRepeatTheVerdict() throws Exception {
        long needed = onFake(FitCommandTest.h100(0, 0), "fit", "llama-3.1-8b", "--format", "json")
                .json()
                .get("devices")
                .get(0)
                .get("needed_bytes")
                .asLong();
        long free = FitCommandTest.TOTAL - FitCommandTest.RESERVED;
        String tight = FitCommandTest.h100(0, free - needed - GIB / 2);
        CliRun r = onFake(tight, "fit", "llama-3.1-8b");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("[0] tight: headroom "), r.out());
        assertFalse(r.out().contains("tight: tight:"), r.out());
    }

    @Test
    void vllmConcurrencyIsRoundedTheSameWayEverywhereAsVllmPrintsIt() {
        // 28,266 blocks / 512 blocks per request = 55.207...: vLLM prints 55.21x
        CliRun j = CliRun.of(
                "fit",
                "llama-3.1-8b",
                "--engine",
                "vllm",
                "--context",
                "8192",
                "--device",
                "catalog:h100-80gb",
                "--format",
                "json");
        JsonNode d = j.json().get("devices").get(0);
        assertEquals(55.21, d.get("max_concurrency").asDouble(), 1e-9, d.toString());
        assertEquals(55.21, d.get("vllm").get("max_concurrency").asDouble(), 1e-9, d.toString());
        assertTrue(d.get("reason").asText().endsWith("55.21x"), d.get("reason").asText());
        CliRun t = CliRun.of(
                "fit", "llama-3.1-8b", "--engine", "vllm", "--context", "8192", "--device", "catalog:h100-80gb");
        assertTrue(t.out().contains("max concurrency 55.21x"), t.out());
    }

    @Test
    void theBudgetNoteIsWordedByTheDevicesJudged() throws Exception {
        String notes = CliRun.of("fit", "llama-3.1-8b", "--device", "catalog:h100-80gb", "--format", "json")
                .json()
                .get("notes")
                .toString();
        assertFalse(notes.contains("memory free now"), notes);
        assertTrue(notes.contains("budget: the catalog's total memory of each device, assumed empty"), notes);
        String here = onFake(FitCommandTest.h100(0, 0), "fit", "llama-3.1-8b", "--format", "json")
                .json()
                .get("notes")
                .toString();
        assertTrue(here.contains("budget: memory free now"), here);
    }

    @Test
    void planOnSeveralDevicesWithoutTpSaysItPlansForOne() {
        CliRun r = CliRun.of("plan", "llama-3.1-8b", "--device", "catalog:h100-80gb:2");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("note: 2 devices selected: planned for the roomiest single one"), r.out());
        assertTrue(r.out().contains("add --tp 2"), r.out());
        CliRun tp = CliRun.of("plan", "llama-3.1-8b", "--device", "catalog:h100-80gb:2", "--tp", "2");
        assertFalse(tp.out().contains("roomiest single one"), tp.out());
    }
}
