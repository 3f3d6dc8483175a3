package dev.gpufit.estimate.engine;

import dev.gpufit.estimate.EstimateInputs;
import dev.gpufit.estimate.Term;
import dev.gpufit.estimate.WeightBytes;
import dev.gpufit.estimate.WeightDtypes;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.SlidingWindowPattern;
import dev.gpufit.model.WeightsInfo;
import dev.gpufit.note.Note;
import dev.gpufit.note.Notes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The buffers llama.cpp allocates, as its log names them: model buffers per backend, the KV
 * buffer, the compute buffers and the output buffer. Sizes follow llama.cpp's own arithmetic
 * where it is closed-form (weights per ggml type, KV rows, output buffer) and a fitted model of
 * the graph allocator where it is not (compute buffers; see {@link LlamaCppCompute}).
 *
 * @param weightsDevice  model buffer on the GPU (offloaded layers, output head, projector)
 * @param weightsHost    model buffer in host RAM (token embedding, layers not offloaded, experts with --cpu-moe)
 * @param kvDevice       KV of the offloaded layers
 * @param kvHost         KV of the layers in host RAM
 * @param kvBytesPerCell KV bytes one cell costs over all layers
 * @param computeDevice  the GPU compute buffer (0 without a GPU)
 * @param computeHost    the host compute buffer (CUDA_Host / CPU), the whole graph on a CPU-only run
 * @param outputBuffer   logits (and embeddings) of the last position per sequence, in pinned host RAM
 */
public record LlamaCppBuffers(
        long weightsDevice,
        long weightsHost,
        long kvDevice,
        long kvHost,
        long kvBytesPerCell,
        long computeDevice,
        long computeHost,
        long outputBuffer,
        LlamaCppSettings settings,
        List<Note> weightNotes,
        List<Note> kvNotes,
        List<Note> computeNotes) {
    public long weights() {
        return weightsDevice + weightsHost;
    }

    public long kv() {
        return kvDevice + kvHost;
    }

    public static LlamaCppBuffers of(EstimateInputs in, LlamaCppSettings.Defaults d) {
        Notes settingNotes = new Notes();
        LlamaCppSettings st = LlamaCppSettings.resolve(in, d, settingNotes);
        ModelSpec s = in.spec();
        Notes wNotes = new Notes();
        GgufLayout w = weights(in, wNotes);
        int layers = s.layers();
        int first = layers - st.gpuLayers();
        long dev = 0;
        if (!st.cpuOnly()) {
            dev = w.layerBytes(first, layers);
            if (st.cpuMoe()) {
                dev -= w.expertBytes(first, layers);
            }
            if (st.outputOnGpu()) {
                dev += w.output();
            }
            dev += st.mmprojBytes();
        }
        long host = w.total() + st.mmprojBytes() - dev;
        wNotes.add("llama.cpp places " + mib(dev) + " MiB of weights on the GPU and " + mib(host)
                + " MiB in host RAM (token_embd " + mib(w.tokenEmbd())
                + " MiB is always a host buffer: the input lookup runs on the CPU"
                + (st.cpuMoe() ? "; routed experts kept in host RAM (llama.cpp's --cpu-moe)" : "")
                + (st.gpuLayers() < layers && !st.cpuOnly() ? "; " + first + " layers not offloaded" : "") + ")");
        if (st.mmprojBytes() > 0) {
            wNotes.add("multimodal projector (engine option mmproj-bytes) " + st.mmprojBytes()
                    + " bytes, on the GPU; its own compute graph is not counted");
        }

        Notes kvNotes = new Notes();
        long[] kvLayer = kvPerLayer(s, st, kvNotes);
        long kvDev = 0;
        long kvHost = 0;
        long perCell = 0;
        for (int i = 0; i < layers; i++) {
            if (!st.cpuOnly() && i >= first) {
                kvDev += kvLayer[i];
            } else {
                kvHost += kvLayer[i];
            }
        }
        for (long b : rowsPerCell(s, st)) {
            perCell += b;
        }

        Notes cNotes = new Notes(settingNotes.list());
        LlamaCppCompute c = LlamaCppCompute.of(s, st, w, d.kvUnified(), cNotes);
        long out = Math.multiplyExact(
                Math.multiplyExact(
                        (long) Math.max(1, st.nSeq()), s.vocabSize() + (st.embeddings() ? s.hiddenSize() : 0)),
                4L);
        cNotes.add("output buffer = " + Math.max(1, st.nSeq()) + " sequence(s) x (vocab " + s.vocabSize()
                + (st.embeddings() ? " + embeddings " + s.hiddenSize() : "") + ") x 4 bytes = " + out
                + " (pinned host RAM)");
        return new LlamaCppBuffers(
                dev,
                host,
                kvDev,
                kvHost,
                perCell,
                c.device(),
                c.host(),
                out,
                st,
                wNotes.list(),
                kvNotes.list(),
                cNotes.list());
    }

    /** Weight bytes tensor by tensor: the GGUF's own table, or the mix llama.cpp's quantizer would produce. */
    static GgufLayout weights(EstimateInputs in, Notes notes) {
        ModelSpec s = in.spec();
        String dtype = in.workload().weightDtype() == null
                ? null
                : in.workload().weightDtype().spelling();
        WeightsInfo files = s.weights();
        if (dtype == null && files != null && "gguf".equalsIgnoreCase(files.format())) {
            long embd = files.tokenEmbeddingBytes() != null ? files.tokenEmbeddingBytes() : 0;
            GgufLayout w = GgufLayout.fromFile(files, s.layers());
            notes.add("weights " + files.bytes() + " bytes: exact from the GGUF tensor table (token_embd " + embd
                    + (files.layerBytes().isEmpty()
                            ? "; no blk.N tensors, so spread evenly over the layers"
                            : "; per-layer and routed-expert bytes as read, " + w.expertBytes(0, s.layers())
                                    + " bytes of experts")
                    + ")");
            return w;
        }
        String name = dtype != null ? dtype : s.quantization() == null ? s.nativeDtype() : null;
        Optional<GgufMix> mix = GgufMix.find(name == null ? "" : name);
        if (mix.isPresent()) {
            Optional<GgufLayout> w = GgufLayout.model(s, mix.get());
            if (w.isPresent()) {
                notes.add("weights = " + w.get().total() + " bytes: llama.cpp's "
                        + mix.get().name() + " mix tensor by tensor (" + w.get().typeCounts()
                        + "; llama_tensor_get_type rules, ggml block sizes)");
                return w.get();
            }
        }
        // an architecture or type gpufit does not lay out per tensor: the generic per-weight rate
        Term t = WeightBytes.compute(s, in.parameters(), in.workload().withTensorParallel(1));
        notes.addAll(t.notes());
        long embdElems = Math.multiplyExact(s.vocabSize(), s.hiddenSize());
        long embd = name != null && WeightDtypes.find(name).isPresent()
                ? WeightDtypes.of(name).bytesFor(embdElems)
                : Math.multiplyExact(embdElems, 2L);
        notes.add("no per-tensor layout for " + s.architecture() + (name != null ? " / " + name : "")
                + ": weights from the per-weight rate; token_embd taken as vocab x hidden at that rate");
        return GgufLayout.spread(t.bytes(), Math.min(embd, t.bytes()), s.layers());
    }

    /** Bytes one KV cell costs in each layer: K row + V row (MLA: the latent only, no V). */
    static long[] rowsPerCell(ModelSpec s, LlamaCppSettings st) {
        long[] rows = new long[s.layers()];
        long k;
        long v;
        if (s.mla() != null) {
            k = st.typeK().rowBytes(s.mla().kvLoraRank() + (long) s.mla().qkRopeHeadDim());
            v = 0;
        } else {
            long n = (long) s.kvHeads() * s.headDim();
            k = st.typeK().rowBytes(n);
            v = st.typeV().rowBytes(n);
        }
        java.util.Arrays.fill(rows, k + v);
        return rows;
    }

    private static long[] kvPerLayer(ModelSpec s, LlamaCppSettings st, Notes notes) {
        long[] rows = rowsPerCell(s, st);
        boolean swa = s.slidingWindow() != null && SlidingWindowPattern.interleaved(s.architecture()) && !st.swaFull();
        long swaCells = st.kvCells();
        if (swa) {
            long want = Math.addExact(Math.multiplyExact((long) s.slidingWindow(), st.nSeq()), st.nUbatch());
            swaCells = Math.min(st.kvCells(), LlamaCppSettings.pad(want, LlamaCppSettings.CELL_PAD));
        }
        long[] out = new long[s.layers()];
        int sliding = 0;
        for (int i = 0; i < s.layers(); i++) {
            boolean slides = swa && s.isSlidingLayer(i);
            sliding += slides ? 1 : 0;
            out[i] = Math.multiplyExact(rows[i], slides ? swaCells : st.kvCells());
        }
        long total = 0;
        for (long b : out) {
            total += b;
        }
        notes.add("KV = " + st.kvCells() + " cells x " + rows[0] + " bytes per cell per layer (K "
                + st.typeK().name()
                + (s.mla() != null
                        ? ", MLA latent only: no V tensor"
                        : " + V " + st.typeV().name()) + ", ggml_row_size) over "
                + s.layers() + " layers = " + total + " bytes"
                + (sliding > 0
                        ? "; " + sliding
                                + " sliding-window layers hold PAD(min(n_ctx, n_swa x n_seq + n_ubatch), 256) = "
                                + swaCells + " cells (llama_kv_cache_iswa)"
                        : "")
                + (s.slidingWindow() != null
                                && !swa
                                && !st.swaFull()
                                && !SlidingWindowPattern.interleaved(s.architecture())
                        ? "; llama.cpp loads " + s.architecture()
                                + " without sliding-window caching, so every layer is full size"
                        : ""));
        return out;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1048576.0);
    }
}
