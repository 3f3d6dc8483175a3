package dev.gpufit.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * llama-server and llama-cli flags, one by one, against llama.cpp's own definitions in
 * common/arg.cpp (ggml-org/llama.cpp at 145b6280d6aa1890e22457143dad0badb3fd6820): spellings,
 * {@code LLAMA_ARG_*} variables, value parsing; the per-sequence context as
 * src/llama-context.cpp derives it, and the default slots as tools/server/server.cpp sets them.
 */
class LlamaCppCommandParserTest {
    static Launch server(String... args) {
        return serverWithEnv(Map.of(), args);
    }

    static Launch serverWithEnv(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("llama-server");
        argv.addAll(List.of(args));
        return LaunchParser.parse(argv, env);
    }

    static LlamaLaunch s(String... args) {
        return (LlamaLaunch) server(args).settings();
    }

    static String refusal(String... args) {
        return assertThrows(BadInputException.class, () -> server(args)).getMessage();
    }

    @Test
    void modelFileShortAndLong() {
        assertEquals(
                new ModelReference(ModelReference.Kind.FILE, "m.gguf", null, null),
                server("-m", "m.gguf").model());
        assertEquals("m.gguf", server("--model", "m.gguf").model().value());
    }

    @Test
    void hfRepoKeepsRepoAndQuant() {
        ModelReference m = server("-hf", "unsloth/phi-4-GGUF:q4_k_m").model();
        assertEquals(ModelReference.Kind.HF_REPO, m.kind());
        assertEquals("unsloth/phi-4-GGUF", m.value());
        assertEquals("q4_k_m", m.quant());
        assertNull(m.file());
        // -hfr and --hf-repo are the same flag; no quant: llama.cpp picks Q4_K_M later
        assertEquals(
                new ModelReference(ModelReference.Kind.HF_REPO, "org/M-GGUF", null, null),
                server("--hf-repo", "org/M-GGUF").model());
        assertEquals("org/M-GGUF", server("-hfr", "org/M-GGUF").model().value());
    }

    @Test
    void hfFileAndModelNextToHfNameTheFileInTheRepo() {
        assertEquals(
                "x-Q8_0.gguf",
                server("-hf", "org/M-GGUF", "-hff", "x-Q8_0.gguf").model().file());
        // common_params_handle_model: without --hf-file, -m names the file to fetch from the repo
        assertEquals(
                "y.gguf", server("-hf", "org/M-GGUF", "-m", "y.gguf").model().file());
    }

    @Test
    void modelUrlAndDockerRepo() {
        assertEquals(
                ModelReference.Kind.URL,
                server("-mu", "https://h/x.gguf").model().kind());
        ModelReference d = server("-dr", "ai/gemma3:Q4_K_M").model();
        assertEquals(new ModelReference(ModelReference.Kind.DOCKER_REPO, "ai/gemma3", "Q4_K_M", null), d);
    }

    @Test
    void noModelIsOneLineError() {
        String msg = refusal("-c", "4096");
        assertTrue(msg.contains("names no model"), msg);
        assertFalse(msg.contains("\n"));
    }

    @Test
    void ctxIsTheTotalSplitOverParallelSequences() {
        Launch l = server("-m", "m.gguf", "-c", "16384", "-np", "4");
        assertEquals(16384L, ((LlamaLaunch) l.settings()).ctxSize());
        assertEquals(4096L, l.perSequenceContext());
        assertEquals(4, l.parallelSequences());
        assertFalse(((LlamaLaunch) l.settings()).kvUnified());
    }

    @Test
    void perSequenceContextIsPaddedAsLlamaContextDoes() {
        // n_ctx 4096 over 32 sequences: 128, padded to 256 (and n_ctx grows to 8192 in the engine)
        assertEquals(256L, server("-m", "m.gguf", "-c", "4096", "-np", "32").perSequenceContext());
        // n_ctx 1000 pads to 1024; 1024 / 4 = 256
        assertEquals(256L, server("-m", "m.gguf", "-c", "1000", "-np", "4").perSequenceContext());
    }

    @Test
    void kvUnifiedGivesEverySequenceTheWholeContext() {
        Launch l = server("-m", "m.gguf", "-c", "16384", "-np", "4", "--kv-unified");
        assertEquals(16384L, l.perSequenceContext());
        assertTrue(((LlamaLaunch) l.settings()).kvUnified());
        assertEquals(
                16384L,
                server("-m", "m.gguf", "-c", "16384", "-np", "4", "-kvu").perSequenceContext());
    }

    @Test
    void serverWithoutNpRunsFourSlotsOnAUnifiedBuffer() {
        Launch l = server("-m", "m.gguf", "-c", "8192");
        assertEquals(4, l.parallelSequences());
        assertEquals(8192L, l.perSequenceContext());
        assertTrue(((LlamaLaunch) l.settings()).kvUnified());
        assertNull(((LlamaLaunch) l.settings()).parallel());
        assertTrue(
                l.warnings().stream().anyMatch(w -> w.contains("-np not given")),
                l.warnings().toString());
        // llama-cli keeps one sequence
        Launch cli = LaunchParser.parse(List.of("llama-cli", "-m", "m.gguf", "-c", "8192"), Map.of());
        assertEquals(1, cli.parallelSequences());
        assertEquals(EngineKind.LLAMA_CLI, cli.engine());
    }

    @Test
    void ctxSizeLongFormAndUnderscores() {
        assertEquals(8192L, s("-m", "m.gguf", "--ctx-size", "8192").ctxSize());
        // common_params_parse_ex turns '_' into '-' in "--" arguments
        assertEquals(8192L, s("-m", "m.gguf", "--ctx_size", "8192").ctxSize());
        assertEquals(2, s("-m", "m.gguf", "--parallel", "2").parallel());
    }

    @Test
    void ctxSizeEqualsFormIsRefusedWithTheSpellingThatWorks() {
        // llama.cpp matches whole arguments: "--ctx-size=8192" stops it with "invalid argument"
        String msg = refusal("-m", "m.gguf", "--ctx-size=8192");
        assertTrue(msg.contains("write --ctx-size 8192"), msg);
        assertTrue(refusal("-m", "m.gguf", "-c=8192").contains("write -c 8192"));
    }

    @Test
    void ctxZeroOrUnsetComesFromTheModel() {
        Launch l = server("-m", "m.gguf", "-c", "0");
        assertNull(l.perSequenceContext());
        assertTrue(l.warnings().stream().anyMatch(w -> w.contains("n_ctx_train")));
        assertNull(server("-m", "m.gguf").perSequenceContext());
    }

    @Test
    void missingValueAtTheEndIsOneLineError() {
        String msg = refusal("-m", "m.gguf", "-c");
        assertEquals("llama-server -c expects a value after it, and the command line ends there", msg);
    }

    @Test
    void nonNumericValueIsOneLineError() {
        assertEquals("-c takes an integer, got 'big'", refusal("-m", "m.gguf", "-c", "big"));
        // llama.cpp takes the next word whatever it is; "-c --mlock" is a bad number, not a missing value
        assertEquals("-c takes an integer, got '--mlock'", refusal("-m", "m.gguf", "-c", "--mlock"));
    }

    @Test
    void batchAndUbatch() {
        LlamaLaunch l = s("-m", "m.gguf", "-b", "4096", "-ub", "1024");
        assertEquals(4096L, l.batch());
        assertEquals(1024L, l.ubatch());
        assertEquals(2048L, s("-m", "m.gguf", "--batch-size", "2048").batch());
        assertEquals(256L, s("-m", "m.gguf", "--ubatch-size", "256").ubatch());
    }

    @Test
    void gpuLayersAllSpellings() {
        assertEquals(99, s("-m", "m.gguf", "-ngl", "99").gpuLayers());
        assertEquals(20, s("-m", "m.gguf", "--gpu-layers", "20").gpuLayers());
        assertEquals(0, s("-m", "m.gguf", "--n-gpu-layers", "0").gpuLayers());
    }

    @Test
    void flashAttnOnOffAuto() {
        assertEquals(FlashAttn.ON, s("-m", "m.gguf", "-fa", "on").flashAttn());
        assertEquals(FlashAttn.OFF, s("-m", "m.gguf", "--flash-attn", "off").flashAttn());
        assertEquals(FlashAttn.AUTO, s("-m", "m.gguf", "-fa", "auto").flashAttn());
        // is_truthy / is_falsey / is_autoy
        assertEquals(FlashAttn.ON, s("-m", "m.gguf", "-fa", "1").flashAttn());
        assertEquals(FlashAttn.AUTO, s("-m", "m.gguf", "-fa", "-1").flashAttn());
        assertTrue(refusal("-m", "m.gguf", "-fa", "yes").contains("on, off or auto"));
    }

    @Test
    void cacheTypes() {
        LlamaLaunch l = s("-m", "m.gguf", "-ctk", "q8_0", "-ctv", "q4_0");
        assertEquals(GgmlCacheType.Q8_0, l.cacheTypeK());
        assertEquals(GgmlCacheType.Q4_0, l.cacheTypeV());
        assertEquals(
                GgmlCacheType.IQ4_NL,
                s("-m", "m.gguf", "--cache-type-k", "iq4_nl").cacheTypeK());
        assertEquals(
                GgmlCacheType.BF16, s("-m", "m.gguf", "--cache-type-v", "bf16").cacheTypeV());
        // kv_cache_type_from_str compares ggml names exactly; fp8 is no ggml cache type
        assertTrue(refusal("-m", "m.gguf", "-ctk", "fp8").contains("q8_0"));
        assertTrue(refusal("-m", "m.gguf", "-ctk", "Q8_0").contains("got 'Q8_0'"));
    }

    @Test
    void overrideTensorKeepsTheRegexBufferList() {
        LlamaLaunch l = s(
                "-m",
                "m.gguf",
                "-ot",
                "blk\\.[0-9]+\\.ffn_.*_exps=CPU,token_embd=CUDA0",
                "--override-tensor",
                "output=CUDA1");
        assertEquals(
                List.of(
                        new TensorOverride("blk\\.[0-9]+\\.ffn_.*_exps", "CPU"),
                        new TensorOverride("token_embd", "CUDA0"),
                        new TensorOverride("output", "CUDA1")),
                l.tensorOverrides());
        assertTrue(l.tensorOverrides().get(0).toHost());
        assertTrue(refusal("-m", "m.gguf", "-ot", "exps").contains("PATTERN=BUFFER_TYPE"));
    }

    @Test
    void cpuMoeAndNCpuMoe() {
        assertTrue(s("-m", "m.gguf", "--cpu-moe").cpuMoe());
        assertTrue(s("-m", "m.gguf", "-cmoe").cpuMoe());
        assertEquals(12, s("-m", "m.gguf", "--n-cpu-moe", "12").nCpuMoe());
        assertEquals(3, s("-m", "m.gguf", "-ncmoe", "3").nCpuMoe());
        assertTrue(refusal("-m", "m.gguf", "--n-cpu-moe", "-1").contains("at least 0"));
    }

    @Test
    void tensorSplitSplitModeMainGpu() {
        LlamaLaunch l = s("-m", "m.gguf", "-ts", "3,1", "-sm", "row", "-mg", "1");
        assertEquals(List.of(3.0, 1.0), l.tensorSplit());
        assertEquals(SplitMode.ROW, l.splitMode());
        assertEquals(1, l.mainGpu());
        // the split regex is [,/]+
        assertEquals(
                List.of(1.0, 1.0, 2.0),
                s("-m", "m.gguf", "--tensor-split", "1/1,2").tensorSplit());
        assertEquals(SplitMode.NONE, s("-m", "m.gguf", "--split-mode", "none").splitMode());
        assertEquals(0, s("-m", "m.gguf", "--main-gpu", "0").mainGpu());
        assertTrue(refusal("-m", "m.gguf", "-sm", "tensor").contains("none, layer or row"));
    }

    @Test
    void swaFullMmapMlock() {
        LlamaLaunch l = s("-m", "m.gguf", "--swa-full", "--no-mmap", "--mlock");
        assertTrue(l.swaFull());
        assertFalse(l.mmap());
        assertTrue(l.mlock());
        assertTrue(s("-m", "m.gguf", "--mmap").mmap());
        assertNull(s("-m", "m.gguf").mmap());
    }

    @Test
    void kvOffloadBothForms() {
        assertFalse(s("-m", "m.gguf", "-nkvo").kvOffload());
        assertFalse(s("-m", "m.gguf", "--no-kv-offload").kvOffload());
        assertTrue(s("-m", "m.gguf", "-kvo").kvOffload());
    }

    @Test
    void devicesFitAndProjector() {
        LlamaLaunch l = s(
                "-m",
                "m.gguf",
                "-dev",
                "CUDA0,CUDA1",
                "-fit",
                "off",
                "-fitt",
                "2048",
                "-fitc",
                "8192",
                "-mm",
                "proj.gguf",
                "--no-mmproj-offload",
                "--embeddings",
                "-cram",
                "0");
        assertEquals(List.of("CUDA0", "CUDA1"), l.devices());
        assertFalse(l.fit());
        assertEquals(2048L, l.fitTargetMib());
        assertEquals(8192L, l.fitMinCtx());
        assertEquals("proj.gguf", l.mmproj());
        assertFalse(l.mmprojOffload());
        assertTrue(l.embeddings());
        assertEquals(0L, l.cacheRamMib());
        assertFalse(s("-m", "m.gguf", "--no-mmproj").mmprojAuto());
    }

    @Test
    void fitOnByDefaultIsAWarningWhenCtxOrLayersAreLeftOpen() {
        assertTrue(server("-m", "m.gguf", "-c", "4096").warnings().stream().anyMatch(w -> w.contains("--fit")));
        assertTrue(server("-m", "m.gguf", "-c", "4096", "-ngl", "99", "-np", "1")
                .warnings()
                .isEmpty());
        assertFalse(server("-m", "m.gguf", "-fit", "off", "-np", "1", "-c", "4096").warnings().stream()
                .anyMatch(w -> w.contains("--fit")));
    }

    @Test
    void envDefaultsApplyAndTheCommandLineWins() {
        Map<String, String> env = Map.of(
                "LLAMA_ARG_MODEL", "env.gguf",
                "LLAMA_ARG_CTX_SIZE", "32768",
                "LLAMA_ARG_N_PARALLEL", "2",
                "LLAMA_ARG_FLASH_ATTN", "on",
                "LLAMA_ARG_N_GPU_LAYERS", "99",
                "LLAMA_ARG_CACHE_TYPE_K", "q8_0",
                "LLAMA_ARG_KV_UNIFIED", "1",
                "LLAMA_ARG_NO_MMAP", "1");
        Launch l = serverWithEnv(env, "-c", "8192");
        LlamaLaunch st = (LlamaLaunch) l.settings();
        assertEquals("env.gguf", l.model().value());
        assertEquals(8192L, st.ctxSize());
        assertEquals(2, st.parallel());
        assertEquals(FlashAttn.ON, st.flashAttn());
        assertEquals(99, st.gpuLayers());
        assertEquals(GgmlCacheType.Q8_0, st.cacheTypeK());
        assertTrue(st.kvUnified());
        assertFalse(st.mmap());
        // a switch variable that is not truthy leaves the switch off, as llama.cpp does
        assertNull(((LlamaLaunch) serverWithEnv(Map.of("LLAMA_ARG_MLOCK", "0"), "-m", "m.gguf")
                        .settings())
                .mlock());
        assertTrue(assertThrows(
                        BadInputException.class, () -> serverWithEnv(Map.of("LLAMA_ARG_MMAP", "maybe"), "-m", "m.gguf"))
                .getMessage()
                .contains("LLAMA_ARG_MMAP"));
        assertTrue(assertThrows(
                        BadInputException.class,
                        () -> serverWithEnv(Map.of("LLAMA_ARG_CTX_SIZE", "lots"), "-m", "m.gguf"))
                .getMessage()
                .startsWith("environment variable LLAMA_ARG_CTX_SIZE takes"));
    }

    @Test
    void envHfRepoIsAModelReference() {
        Launch l = serverWithEnv(Map.of("LLAMA_ARG_HF_REPO", "org/M-GGUF:Q5_K_M"));
        assertEquals(new ModelReference(ModelReference.Kind.HF_REPO, "org/M-GGUF", "Q5_K_M", null), l.model());
    }

    @Test
    void memoryChangingUnmodelledFlagsAreRefusedByName() {
        String msg = refusal("-m", "m.gguf", "-md", "draft.gguf", "--lora", "a.gguf");
        assertTrue(msg.contains("-md draft.gguf (a speculative-decoding draft model)"), msg);
        assertTrue(msg.contains("--lora a.gguf (a LoRA adapter)"), msg);
        assertFalse(msg.contains("\n"));
        assertTrue(refusal("-m", "m.gguf", "--lora-scaled", "a.gguf", "0.5").contains("--lora-scaled a.gguf 0.5"));
        assertTrue(refusal("-m", "m.gguf", "--rpc", "h:50052").contains("--rpc"));
        assertTrue(refusal("-m", "m.gguf", "--gpt-oss-20b-default").contains("preset"));
        // a refused flag set through its variable is named by the variable
        assertTrue(assertThrows(
                        BadInputException.class,
                        () -> serverWithEnv(Map.of("LLAMA_ARG_MODEL_DRAFT", "d.gguf"), "-m", "m.gguf"))
                .getMessage()
                .contains("LLAMA_ARG_MODEL_DRAFT=d.gguf"));
    }

    @Test
    void harmlessFlagsPassThrough() {
        Launch l = server(
                "-m",
                "m.gguf",
                "--host",
                "0.0.0.0",
                "--port",
                "8080",
                "--api-key",
                "k",
                "-a",
                "name",
                "-t",
                "8",
                "--jinja",
                "--metrics",
                "--temp",
                "0.7",
                "--no-webui",
                "-lv",
                "3");
        assertEquals(
                List.of(
                        "--host 0.0.0.0",
                        "--port 8080",
                        "--api-key k",
                        "-a name",
                        "-t 8",
                        "--jinja",
                        "--metrics",
                        "--temp 0.7",
                        "--no-webui",
                        "-lv 3"),
                l.passedThrough());
    }

    @Test
    void unknownFlagPassesThroughWithAWarning() {
        Launch l = server("-m", "m.gguf", "-c", "4096", "-np", "1", "-ngl", "99", "--brand-new", "7", "--newer-switch");
        assertEquals(List.of("--brand-new 7", "--newer-switch"), l.passedThrough());
        assertEquals(2, l.warnings().size());
        assertTrue(
                l.warnings().get(0).startsWith("--brand-new is not a flag gpufit knows"),
                l.warnings().get(0));
    }

    @Test
    void strayWordIsRefused() {
        assertTrue(refusal("m.gguf").contains("takes no bare argument 'm.gguf'"));
    }

    @Test
    void argvIsKeptExactly() {
        List<String> argv = List.of("/opt/llama/bin/llama-server", "-m", "m.gguf", "--ctx_size", "4096");
        assertEquals(argv, LaunchParser.parse(argv, Map.of()).argv());
    }
}
