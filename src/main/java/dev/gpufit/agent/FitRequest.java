package dev.gpufit.agent;

/**
 * One fit question, as {@code /v1/fit}, {@code --watch} and {@code nfd} ask it. {@code null}
 * means "the CLI's default" for every optional field, so the answer equals {@code gpufit fit}.
 *
 * @param model    catalog id or HF repo id, validated by {@link ModelRef}
 * @param context  tokens
 * @param batch    concurrent sequences
 * @param dtype    weight dtype or GGUF type
 * @param kvDtype  KV cache dtype
 * @param engine   engine profile
 * @param tp       tensor-parallel degree
 * @param device   device selector (indices, UUIDs, prefixes, host, catalog:NAME[:COUNT])
 * @param budget   free (default) or total
 */
public record FitRequest(
        String model,
        Long context,
        Integer batch,
        String dtype,
        String kvDtype,
        String engine,
        Integer tp,
        String device,
        String budget) {

    public static FitRequest of(Watch w) {
        return new FitRequest(w.model(), w.context(), null, null, null, null, null, null, null);
    }

    public FitRequest withBudget(String b) {
        return new FitRequest(model, context, batch, dtype, kvDtype, engine, tp, device, b);
    }
}
