package dev.gpufit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.Bytes;
import dev.gpufit.note.Change;
import dev.gpufit.note.Note;
import dev.gpufit.note.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NoteTextTest {
    static final Note.SplitAcross SPLIT_ON_CATALOG = new Note.SplitAcross(
            4,
            true,
            2,
            "NVIDIA H100 80GB HBM3",
            "h100-80gb",
            true,
            "llama-3.1-70b",
            List.of(Change.of(Setting.CONTEXT, 8192)),
            20 * Bytes.GIB);

    /** One of every kind of note, with figures that name every setting a note can suggest. */
    static final List<Note> EVERY_KIND = List.of(
            Note.text("tight = fits with headroom under 5 % of the device or under 1 GiB"),
            new Note.ContextDefaulted(4096, 4096, 2048L),
            new Note.ContextAboveModel(200_000, 131_072),
            new Note.ContextBeyondTraining(200_000, 131_072, true),
            new Note.KvDtypeAt16Bits("bf16"),
            new Note.KvDtypeFp32("transformers"),
            new Note.NotUsedBySeed(Setting.KV_DTYPE, "fp8", false),
            new Note.NotUsedBySeed(Setting.ENGINE, "vllm", true),
            new Note.NotUsedBySeed(Setting.TP, "2", false),
            new Note.WeightsRederived("int4"),
            new Note.Fp32CheckpointAt16Bits(),
            new Note.AllGpusSelected(),
            new Note.BudgetTaken(2, 1, true),
            new Note.PlannedForRoomiest(3, "NVIDIA L4"),
            new Note.LargestContext(1, 12288),
            new Note.SmallerWeights(8192, "q4_k_m"),
            new Note.GpuLayers(30, 32, 20 * Bytes.GIB, 2 * Bytes.GIB),
            new Note.NoGpuLayers(),
            new Note.VllmUtilization(40 * Bytes.GIB, 72 * Bytes.GIB, 0.5, "GPU KV cache size: 1000 tokens"),
            new Note.VllmNoUtilization(4 * Bytes.GIB, 72 * Bytes.GIB, 8192),
            new Note.SplitAcross(
                    2, false, 4, "NVIDIA H100 80GB HBM3", null, false, "llama-3.1-70b", List.of(), 40 * Bytes.GIB),
            SPLIT_ON_CATALOG,
            new Note.SplitAcross(
                    2,
                    false,
                    1,
                    "NVIDIA H100 80GB HBM3",
                    "h100-80gb",
                    false,
                    "llama-3.1-70b",
                    List.of(Change.of(Setting.DTYPE, "bf16"), Change.of(Setting.ENGINE, "vllm")),
                    70 * Bytes.GIB),
            new Note.SplitAcross(
                    8, false, 1, "Prototype X 10GB", null, false, "llama-3.1-405b", List.of(), 13 * Bytes.GIB));

    @Test
    void theSameAdviceNamesEachSurfacesSetting() {
        Note context = new Note.LargestContext(1, 12288);
        assertEquals(
                "largest context that fits at batch 1: 12288 tokens (--context 12288)",
                NoteText.render(context, Surface.CLI));
        assertEquals(
                "largest context that fits at batch 1: 12288 tokens (context=12288)",
                NoteText.render(context, Surface.HTTP));
        assertEquals(
                "split across 4 devices like the tightest one selected (gpufit fit llama-3.1-70b --context 8192"
                        + " --device catalog:h100-80gb:4 --tp 4): 20.00 GiB each",
                NoteText.render(SPLIT_ON_CATALOG, Surface.CLI));
        assertEquals(
                "split across 4 devices like the tightest one selected"
                        + " (model=llama-3.1-70b&context=8192&device=catalog:h100-80gb:4&tp=4): 20.00 GiB each",
                NoteText.render(SPLIT_ON_CATALOG, Surface.HTTP));
        Note kv = new Note.KvDtypeAt16Bits("bf16");
        assertEquals("no --kv-dtype given: KV cache at 16 bits (bf16)", NoteText.render(kv, Surface.CLI));
        assertEquals("no kv_dtype given: KV cache at 16 bits (bf16)", NoteText.render(kv, Surface.HTTP));
    }

    @Test
    void splitAdviceForADeviceHereNamesTheCatalogEntryLikeItInACompleteCommand() {
        Note matched = EVERY_KIND.get(EVERY_KIND.size() - 2);
        assertEquals(
                "split across 2 devices like the roomiest one selected (2 devices like NVIDIA H100 80GB HBM3,"
                        + " 1 selected here; plan them as the catalog's h100-80gb: gpufit fit llama-3.1-70b --dtype bf16"
                        + " --engine vllm --device catalog:h100-80gb:2 --tp 2): 70.00 GiB each",
                NoteText.render(matched, Surface.CLI));
        String none = NoteText.render(EVERY_KIND.get(EVERY_KIND.size() - 1), Surface.CLI);
        assertTrue(
                none.contains("no catalog device is like it; plan them with one that gpufit catalog devices lists in"
                        + " place of NAME: gpufit fit llama-3.1-405b --device catalog:NAME:8 --tp 8"),
                none);
        assertEquals("'./my model.gguf'", Surface.shellWord("./my model.gguf"));
        assertEquals("'it'\\''s'", Surface.shellWord("it's"));
        assertEquals("meta-llama/Llama-3.1-8B", Surface.shellWord("meta-llama/Llama-3.1-8B"));
    }

    @Test
    void everyKindIsWordedOnBothSurfacesAndOnlyItsSettingsDiffer() {
        Set<Class<?>> covered = EVERY_KIND.stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(
                Set.copyOf(Arrays.asList(Note.class.getPermittedSubclasses())), covered, "a kind without a sample");
        for (Note n : EVERY_KIND) {
            String cli = NoteText.render(n, Surface.CLI);
            String http = NoteText.render(n, Surface.HTTP);
            assertFalse(withoutEngineFlags(http).contains("--"), http);
            assertFalse(http.contains("gpufit "), http);
            for (Change c : n.changes()) {
                assertTrue(cli.contains(Surface.CLI.spell(c)), cli + " names " + c);
                assertTrue(http.contains(Surface.HTTP.spell(c)), http + " names " + c);
            }
            // put each surface's spellings back to a neutral token: the rest of the wording is one text
            assertEquals(neutral(cli, n, Surface.CLI), neutral(http, n, Surface.HTTP), n.toString());
        }
    }

    @Test
    void everySettingHasAFlagAndAnHttpName() {
        for (Setting s : Setting.values()) {
            assertTrue(Surface.CLI.name(s).matches("--[a-z][a-z-]+"), s.name());
            String http = Surface.HTTP.name(s);
            assertTrue(
                    http.matches("[a-z][a-z_]+") || http.matches("(llama\\.cpp|vLLM)'s --[a-z-]+|the [a-z ]+"),
                    s.name() + ": " + http);
        }
        // settings /v1/fit does not take are never spelled as a parameter
        assertEquals("llama.cpp's --n-gpu-layers 12", Surface.HTTP.spell(Change.of(Setting.GPU_LAYERS, 12)));
        assertEquals(
                "vLLM's --gpu-memory-utilization 0.85",
                Surface.HTTP.spell(Change.of(Setting.GPU_MEMORY_UTILIZATION, "0.85")));
        assertEquals(
                "--tp 2 --device 0",
                Surface.CLI.spell(List.of(Change.of(Setting.TP, 2), Change.of(Setting.DEVICE, 0))));
        assertEquals(
                "tp=2&device=0", Surface.HTTP.spell(List.of(Change.of(Setting.TP, 2), Change.of(Setting.DEVICE, 0))));
    }

    /** The engines' own flags, which an HTTP answer may name as the engine's: never gpufit's. */
    private static String withoutEngineFlags(String text) {
        return text.replaceAll("(llama\\.cpp|vLLM)'s --[a-z-]+", "");
    }

    private static String neutral(String text, Note n, Surface s) {
        // vLLM's own term, which the HTTP spelling of the setting happens to equal
        String out = text.replace("gpu_memory_utilization x total", "<vLLM's share>");
        // a command of the CLI, which HTTP answers do not point to
        out = out.replace(NoteText.CATALOG_HINT, "")
                .replace(NoteText.CLI_ANY_CATALOG_DEVICE, NoteText.HTTP_ANY_CATALOG_DEVICE);
        if (n instanceof Note.SplitAcross split && !split.here()) {
            out = out.replace(s.command(split.model(), n.changes()), "<command>");
        }
        out = out.replace(s.spell(n.changes()), "<all>");
        for (Change c : n.changes()) {
            out = out.replace(s.spell(c), "<" + c + ">");
        }
        return out;
    }
}
