package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineProfile;
import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.KvCache;
import dev.gpufit.estimate.KvDtype;
import dev.gpufit.estimate.Platform;
import dev.gpufit.estimate.Term;
import dev.gpufit.estimate.WeightDtype;
import dev.gpufit.estimate.WeightDtypes;
import dev.gpufit.estimate.Workload;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Note;
import dev.gpufit.note.Notes;
import java.util.List;
import java.util.Set;

/**
 * llama.cpp (llama-server, llama-cli, llama-cpp-python): the buffers of {@link LlamaCppBuffers}.
 * Weights per ggml type (token_embd in host RAM); KV {@code n_ctx x Σ layers (K + V)} at the
 * cache types; compute buffers (GPU and host) and the output buffer as the activations term;
 * one CUDA context (or the Metal runtime) as overhead.
 *
 * <p>Defaults (llama.cpp {@code common/common.h}): n_batch 2048, n_ubatch 512, f16 cache,
 * flash attention auto (= on), all layers offloaded, one sequence per --batch.
 */
public class LlamaCppProfile implements EngineProfile {
    public static final long CUDA_CONTEXT_BYTES = 512L << 20;

    /** llama.cpp runs on the CPU (its ggml-cpu backend) when it has no GPU. */
    @Override
    public boolean runsOnHostRam(Platform platform) {
        return true;
    }

    @Override
    public Engine engine() {
        return Engine.LLAMA_CPP;
    }

    /** llama.cpp (and Ollama) load GGUF files. */
    @Override
    public List<String> weightLadder() {
        // GGUF files hold ggml types: the 16-bit file and the GGUF mixes
        return WeightDtypes.ladder(
                d -> d.kind() == WeightDtype.Kind.GGUF || d.name().equals("bf16"));
    }

    /** Several GPUs get whole layers each (--split-mode layer); tensors are not split. */
    @Override
    public boolean splitsLayers() {
        return true;
    }

    /** -ctk/-ctv default to f16 whatever the weights are. */
    @Override
    public KvDtype defaultKvDtype(ModelSpec spec, Workload w, Notes notes) {
        notes.add(new Note.KvDtypeAt16Bits("f16"));
        return KvDtype.of("f16");
    }

    @Override
    public Set<String> optionKeys() {
        return LlamaCppSettings.KEYS;
    }

    /** ggml's cache types (-ctk/-ctv); ggml has no fp8 type. */
    @Override
    public List<String> kvDtypes() {
        return LlamaCppSettings.KV_TYPES;
    }

    protected LlamaCppSettings.Defaults defaults() {
        return new LlamaCppSettings.Defaults(2048, false, false);
    }

    public LlamaCppBuffers buffers(EstimateInputs in) {
        return LlamaCppBuffers.of(in, defaults());
    }

    @Override
    public Term weights(EstimateInputs in) {
        LlamaCppBuffers b = buffers(in);
        return new Term(b.weights(), b.weightNotes());
    }

    @Override
    public KvCache.Result kvCache(EstimateInputs in) {
        LlamaCppBuffers b = buffers(in);
        Notes notes = new Notes(b.kvNotes());
        if (b.kvHost() > 0) {
            notes.add("KV of the layers in host RAM: " + b.kvHost() + " bytes");
        }
        return new KvCache.Result(new Term(b.kv(), notes), b.kvBytesPerCell());
    }

    @Override
    public Term activations(EstimateInputs in) {
        LlamaCppBuffers b = buffers(in);
        return new Term(
                Math.addExact(Math.addExact(b.computeDevice(), b.computeHost()), b.outputBuffer()), b.computeNotes());
    }

    @Override
    public Term overhead(EstimateInputs in) {
        if (buffers(in).settings().cpuOnly()) {
            return Term.of(0, "overhead = 0: CPU backend, no GPU runtime");
        }
        return in.workload().platform() == Platform.MAC
                ? Term.of(
                        CUDA_CONTEXT_BYTES,
                        "overhead = 512 MiB: Metal runtime and command buffers (Ollama's metalMinimumMemory)")
                : Term.of(
                        CUDA_CONTEXT_BYTES,
                        "overhead = 512 MiB: one CUDA context (300-600 MiB per process per GPU with CUDA >= 11.7"
                                + " lazy loading); llama.cpp's --fit keeps a 1024 MiB margin per device on top of its buffers");
    }

    @Override
    public long hostBytes(EstimateInputs in) {
        LlamaCppBuffers b = buffers(in);
        return b.weightsHost() + b.kvHost() + b.computeHost() + b.outputBuffer();
    }
}
