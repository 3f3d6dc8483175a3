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
 * vllm serve flags, one by one, against vLLM's own definitions: vllm/engine/arg_utils.py
 * (EngineArgs.add_cli_args, vllm-project/vllm at 99d7eb5d6a512cfcc5a2b104f24ebf2d6cda772b),
 * vllm/utils/argparse_utils.py (FlexibleArgumentParser: underscores, '=' forms, --model moved to
 * the positional, human_readable_int) and vllm/entrypoints/openai/cli_args.py (server flags).
 */
class VllmCommandParserTest {
    static Launch serve(String... args) {
        List<String> argv = new ArrayList<>(List.of("vllm", "serve"));
        argv.addAll(List.of(args));
        return LaunchParser.parse(argv, Map.of());
    }

    static VllmLaunch s(String... args) {
        return (VllmLaunch) serve(args).settings();
    }

    static String refusal(String... args) {
        return assertThrows(BadInputException.class, () -> serve(args)).getMessage();
    }

    @Test
    void positionalModelAndModelFlag() {
        Launch l = serve("Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "32768");
        assertEquals(EngineKind.VLLM, l.engine());
        assertEquals(
                new ModelReference(ModelReference.Kind.REPO_OR_PATH, "Qwen/Qwen2.5-7B-Instruct", null, null),
                l.model());
        assertEquals("m", serve("--model", "m").model().value());
        assertEquals("m", serve("-tp", "2", "--model=m").model().value());
        assertTrue(refusal("a", "--model", "b").contains("twice"));
        assertTrue(refusal("--max-model-len", "4096").contains("names no model"));
    }

    @Test
    void apiServerModuleTakesModelFlagOnly() {
        Launch l = LaunchParser.parse(
                List.of("python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "m", "-tp", "2"), Map.of());
        assertEquals("m", l.model().value());
        assertEquals(2, ((VllmLaunch) l.settings()).tensorParallelSize());
        assertThrows(
                BadInputException.class,
                () -> LaunchParser.parse(List.of("python", "-m", "vllm.entrypoints.openai.api_server", "m"), Map.of()));
    }

    @Test
    void maxModelLenPlainEqualsAndHumanReadable() {
        assertEquals(32768L, s("m", "--max-model-len", "32768").maxModelLen());
        assertEquals(32768L, s("m", "--max-model-len=32768").maxModelLen());
        assertEquals(32768L, s("m", "--max_model_len", "32768").maxModelLen());
        // human_readable_int: k is x1000, K is x1024, decimals only with the decimal suffixes
        assertEquals(32000L, s("m", "--max-model-len", "32k").maxModelLen());
        assertEquals(32768L, s("m", "--max-model-len", "32K").maxModelLen());
        assertEquals(25600L, s("m", "--max-model-len", "25.6k").maxModelLen());
        assertTrue(refusal("m", "--max-model-len", "1.5K").contains("use 1.5k"));
        assertEquals(32768L, serve("m", "--max-model-len", "32k".toUpperCase()).perSequenceContext());
        assertTrue(refusal("m", "--max-model-len", "auto").contains("pass a number"));
    }

    @Test
    void tensorAndPipelineParallel() {
        VllmLaunch l = s("m", "--tensor-parallel-size", "2", "--pipeline-parallel-size", "2");
        assertEquals(2, l.tensorParallelSize());
        assertEquals(2, l.pipelineParallelSize());
        assertEquals(4, s("m", "-tp", "4").tensorParallelSize());
        assertEquals(3, s("m", "-pp", "3").pipelineParallelSize());
        assertEquals(8, s("m", "-tp=8").tensorParallelSize());
        assertEquals(2, s("m", "--tensor_parallel_size=2").tensorParallelSize());
        assertTrue(refusal("m", "-tp", "0").contains("at least 1"));
    }

    @Test
    void dataParallelOneOnly() {
        assertEquals(1, s("m", "-dp", "1").dataParallelSize());
        assertTrue(refusal("m", "--data-parallel-size", "2").contains("data-parallel replicas"));
    }

    @Test
    void gpuMemoryUtilization() {
        assertEquals(0.95, s("m", "--gpu-memory-utilization", "0.95").gpuMemoryUtilization());
        assertEquals(0.5, s("m", "--gpu_memory_utilization=0.5").gpuMemoryUtilization());
        assertTrue(refusal("m", "--gpu-memory-utilization", "1.5").contains("(0, 1]"));
    }

    @Test
    void maxNumSeqsAndBatchedTokens() {
        Launch l = serve("m", "--max-num-seqs", "64", "--max-num-batched-tokens", "16k");
        VllmLaunch st = (VllmLaunch) l.settings();
        assertEquals(64L, st.maxNumSeqs());
        assertEquals(16000L, st.maxNumBatchedTokens());
        assertEquals(64, l.parallelSequences());
        Launch open = serve("m");
        assertNull(open.parallelSequences());
        assertTrue(open.warnings().stream().anyMatch(w -> w.contains("no --max-num-seqs")));
    }

    @Test
    void kvCacheDtypeDtypeQuantization() {
        VllmLaunch l = s("m", "--kv-cache-dtype", "fp8", "--dtype", "bfloat16", "--quantization", "awq");
        assertEquals("fp8", l.kvCacheDtype());
        assertEquals("bfloat16", l.dtype());
        assertEquals("awq", l.quantization());
        assertEquals("gptq", s("m", "-q", "gptq").quantization());
        assertEquals("fp8_e5m2", s("m", "--kv-cache-dtype=fp8_e5m2").kvCacheDtype());
    }

    @Test
    void blockSizeAndSwapSpace() {
        VllmLaunch l = s("m", "--block-size", "32", "--swap-space", "8");
        assertEquals(32, l.blockSize());
        assertEquals(8.0, l.swapSpaceGib());
    }

    @Test
    void booleanFlagsAndTheirNoForms() {
        VllmLaunch on = s("m", "--enable-chunked-prefill", "--enforce-eager", "--enable-prefix-caching");
        assertTrue(on.enableChunkedPrefill());
        assertTrue(on.enforceEager());
        assertTrue(on.enablePrefixCaching());
        VllmLaunch off = s("m", "--no-enable-chunked-prefill", "--no-enforce-eager", "--no-enable-prefix-caching");
        assertFalse(off.enableChunkedPrefill());
        assertFalse(off.enforceEager());
        assertFalse(off.enablePrefixCaching());
        assertFalse(s("m", "--no_enforce_eager").enforceEager());
        assertNull(s("m").enforceEager());
        // BooleanOptionalAction takes no value
        assertTrue(refusal("m", "--enforce-eager=true").contains("takes no value"));
    }

    @Test
    void revisionAndDownloadDir() {
        VllmLaunch l = s("m", "--revision", "abc123", "--download-dir", "/data/hf");
        assertEquals("abc123", l.revision());
        assertEquals("/data/hf", l.downloadDir());
    }

    @Test
    void memoryChangingUnmodelledFlagsAreRefusedByName() {
        String msg = refusal("m", "--cpu-offload-gb", "10", "--kv-cache-memory-bytes", "8G");
        assertTrue(msg.contains("--cpu-offload-gb 10 (weights offloaded to host memory)"), msg);
        assertTrue(msg.contains("--kv-cache-memory-bytes 8G"), msg);
        assertFalse(msg.contains("\n"));
        assertTrue(refusal("m", "--speculative-config", "{\"model\": \"d\"}").contains("speculative decoding"));
        assertTrue(refusal("m", "--speculative-config.model", "d").contains("--speculative-config.model d"));
        assertTrue(refusal("m", "--enable-lora").contains("LoRA"));
        assertTrue(refusal("m", "--num-gpu-blocks-override", "100").contains("fixed KV block count"));
        assertTrue(refusal("m", "-O3").contains("CUDA graph"));
        assertTrue(refusal("m", "--cudagraph-capture-sizes", "1", "2", "4").contains("1 2 4"));
        assertTrue(refusal("m", "--config", "serve.yaml").contains("file gpufit does not open"));
        assertTrue(refusal("m", "-dcp", "2").contains("KV cache split"));
        // the negated form of a refused switch changes nothing
        assertTrue(serve("m", "--no-enable-lora").passedThrough().contains("--no-enable-lora"));
    }

    @Test
    void abbreviationOfAMemoryFlagIsRefused() {
        // argparse expands unique prefixes: --kv-cache-memory is --kv-cache-memory-bytes
        String msg = refusal("m", "--kv-cache-memory", "8G");
        assertTrue(msg.contains("abbreviation of --kv-cache-memory-bytes"), msg);
        assertTrue(refusal("m", "--max-model", "4096").contains("--max-model-len"));
    }

    @Test
    void ropeOverridesNeedAMaxModelLen() {
        assertTrue(refusal("m", "--rope-scaling", "{\"rope_type\":\"yarn\",\"factor\":4}")
                .contains("--max-model-len"));
        assertEquals(
                131072L,
                serve("m", "--rope-theta", "1000000", "--max-model-len", "128K").perSequenceContext());
    }

    @Test
    void harmlessFlagsPassThrough() {
        Launch l = serve(
                "m",
                "--host",
                "0.0.0.0",
                "--port",
                "8000",
                "--served-model-name",
                "a",
                "b",
                "--api-key",
                "k",
                "--trust-remote-code",
                "--disable-log-stats",
                "--uvicorn-log-level=warning",
                "--max-model-len",
                "4096");
        assertEquals(
                List.of(
                        "--host 0.0.0.0",
                        "--port 8000",
                        "--served-model-name a b",
                        "--api-key k",
                        "--trust-remote-code",
                        "--disable-log-stats",
                        "--uvicorn-log-level warning"),
                l.passedThrough());
        assertEquals(4096L, l.perSequenceContext());
    }

    @Test
    void unknownFlagPassesThroughWithAWarning() {
        Launch l = serve("m", "--max-model-len", "4096", "--max-num-seqs", "8", "--brand-new-flag", "x");
        assertEquals(List.of("--brand-new-flag x"), l.passedThrough());
        assertEquals(1, l.warnings().size());
        assertTrue(l.warnings().get(0).startsWith("--brand-new-flag is not a flag gpufit knows"));
    }

    @Test
    void missingValueIsOneLineError() {
        assertEquals(
                "vllm serve --max-model-len expects a value after it, and the command line ends there",
                refusal("m", "--max-model-len"));
        assertTrue(refusal("m", "-tp", "--enforce-eager").contains("expects a value"));
    }

    @Test
    void secondBareWordIsRefused() {
        assertTrue(refusal("m", "extra").contains("second bare argument"));
    }

    @Test
    void argvIsKeptExactly() {
        List<String> argv = List.of("vllm", "serve", "m", "--max_model_len=4k");
        assertEquals(argv, LaunchParser.parse(argv, Map.of()).argv());
    }
}
