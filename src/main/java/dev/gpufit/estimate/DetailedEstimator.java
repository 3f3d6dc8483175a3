package dev.gpufit.estimate;

import dev.gpufit.model.ModelSpec;
import dev.gpufit.note.Notes;

/**
 * The default method: exact parameter count, weight bytes by precision, GQA/sliding-window/MLA
 * aware KV cache, one-layer activations and the engine's overhead, each with its derivation.
 */
final class DetailedEstimator {
    private DetailedEstimator() {}

    static MemoryEstimate estimate(ModelSpec spec, Workload w) {
        Notes notes = new Notes();
        spec.notes().forEach(notes::add);
        EngineProfile engine = EngineProfiles.of(w.engine());
        EngineOpts.requireKnown(
                engine.name(), engine.optionKeys(), w.engineOptions().given());
        long context = DefaultContext.resolve(spec, w, notes);
        ParameterCount params = parameters(spec, notes);
        KvDtype kv = kvDtype(spec, w, notes);
        int actBytes = WeightBytes.fp32Compute(spec, w) ? 4 : 2;
        EstimateInputs in = new EstimateInputs(spec, w, context, params, kv, actBytes);

        Term weights = engine.weights(in);
        KvCache.Result kvResult = engine.kvCache(in);
        Term activations = engine.activations(in);
        Term overhead = engine.overhead(in);
        notes.addAll(weights.notes());
        notes.addAll(kvResult.term().notes());
        notes.addAll(activations.notes());
        notes.addAll(overhead.notes());
        if (w.tensorParallel() > 1) {
            notes.add("all figures are per device for tensor parallel " + w.tensorParallel()
                    + " (overhead and activations counted on each device)");
        }
        long total = Math.addExact(
                Math.addExact(weights.bytes(), activations.bytes()),
                Math.addExact(kvResult.term().bytes(), overhead.bytes()));
        return new MemoryEstimate(
                weights.bytes(),
                activations.bytes(),
                kvResult.term().bytes(),
                overhead.bytes(),
                engine.hostBytes(in),
                total,
                params.total(),
                context,
                kvResult.bytesPerToken(),
                w.tensorParallel(),
                notes.list(),
                WeightBytes.effectiveName(spec, w),
                kv.name());
    }

    /** Stated count (manual --params, file headers) or the exact count from the architecture. */
    static ParameterCount parameters(ModelSpec spec, Notes notes) {
        if (spec.parameters() != null) {
            notes.add("parameters: " + spec.parameters() + " as given (" + spec.source() + ")");
            if (spec.weights() != null) {
                return splitLikeTheArchitecture(spec, notes);
            }
            return ParameterCount.ofTotal(spec.parameters());
        }
        ParameterCount p = ParameterCounter.count(spec);
        notes.add("parameters: " + p.total() + " counted from the " + spec.architecture() + " architecture (embedding "
                + p.embedding() + ", attention " + p.attention() + ", MLP " + p.denseMlp()
                + (p.experts() > 0 ? ", experts " + p.experts() + ", routers " + p.routers() : "")
                + ", norms " + p.norms() + ", lm_head " + p.lmHead() + (p.lmHead() == 0 ? " (tied)" : "") + ")");
        return p;
    }

    /**
     * A count read from the files, split into linear and other parameters (embeddings, lm_head,
     * norms, routers) the way the architecture splits them, so that {@code --dtype int4} on a model
     * directory quantizes the same parameters as on its config.json alone. What the files hold
     * beyond the architecture's count (a vision tower, extra heads) is counted as linear; when the
     * architecture's other parameters exceed the files' total, or the architecture cannot be
     * counted, only the total is known and everything counts as linear, which a note says.
     */
    private static ParameterCount splitLikeTheArchitecture(ModelSpec spec, Notes notes) {
        long total = spec.parameters();
        ParameterCount arch;
        try {
            arch = ParameterCounter.count(spec);
        } catch (ArithmeticException e) {
            arch = null;
        }
        if (arch == null || arch.unquantized() > total) {
            notes.add("parameters: the files' count cannot be split by the " + spec.architecture()
                    + " architecture; all counted as linear layers");
            return ParameterCount.ofTotal(total);
        }
        long extra = total - arch.total();
        if (extra != 0) {
            notes.add("parameters: the files hold " + total + ", the " + spec.architecture() + " architecture counts "
                    + arch.total() + "; the difference is counted with the linear layers");
        }
        if (extra < 0) {
            // fewer parameters in the files than the architecture counts: the linear layers take the shortfall
            return new ParameterCount(
                    arch.embedding(), 0, total - arch.unquantized(), 0, arch.routers(), arch.norms(), arch.lmHead());
        }
        return new ParameterCount(
                arch.embedding(),
                arch.attention(),
                arch.denseMlp() + extra,
                arch.experts(),
                arch.routers(),
                arch.norms(),
                arch.lmHead());
    }

    /**
     * --kv-dtype, else the engine's default ({@link EngineProfile#defaultKvDtype}): llama.cpp and
     * Ollama f16 (-ctk/-ctv); the others keep K and V in the dtype the model computes in, which is
     * fp32 for an fp32 model under transformers (and MLX, generic), but 16-bit under vLLM, whose
     * --dtype auto loads fp32 checkpoints at 16 bits (see {@link WeightBytes#effectiveName}).
     */
    static KvDtype kvDtype(ModelSpec spec, Workload w, Notes notes) {
        if (w.kvDtype() != null) {
            return w.kvDtype().forEngine(EngineProfiles.of(w.engine()));
        }
        return EngineProfiles.of(w.engine()).defaultKvDtype(spec, w, notes);
    }
}
