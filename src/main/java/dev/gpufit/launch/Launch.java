package dev.gpufit.launch;

import java.util.List;

/**
 * One engine command line, read.
 *
 * @param engine             the engine it starts
 * @param argv               the command line exactly as given, so it can be run unchanged
 * @param model              the model it names, as given
 * @param settings           the memory-relevant settings ({@link VllmLaunch} or {@link LlamaLaunch})
 * @param perSequenceContext tokens one sequence may hold, as the engine derives it; null when it
 *                           comes from the model (no {@code --max-model-len}, {@code -c 0} or unset)
 * @param parallelSequences  sequences decoded at once (vLLM max_num_seqs, llama.cpp slots); null
 *                           when the engine default applies and the parser cannot name it
 * @param passedThrough      flags that do not change memory, as written, in order
 * @param warnings           what the reader should know: flags not recognised, engine defaults
 *                           that decide a number
 */
public record Launch(
        EngineKind engine,
        List<String> argv,
        ModelReference model,
        EngineSettings settings,
        Long perSequenceContext,
        Integer parallelSequences,
        List<String> passedThrough,
        List<String> warnings) {
    public Launch {
        argv = List.copyOf(argv);
        passedThrough = List.copyOf(passedThrough);
        warnings = List.copyOf(warnings);
    }
}
