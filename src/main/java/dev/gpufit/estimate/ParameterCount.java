package dev.gpufit.estimate;

/**
 * A model's parameters by where they sit, so weight bytes can treat them differently (quantizers
 * pack the linear layers and keep embeddings, norms and routers in 16 bits).
 *
 * @param embedding  token embedding (+ learned position embedding for GPT-2)
 * @param attention  attention projections with their biases (and MLA's low-rank norms, sinks)
 * @param denseMlp   dense MLPs and always-on shared experts (with biases)
 * @param experts    routed experts (MoE), with their biases
 * @param routers    MoE routers / gates (and their biases)
 * @param norms      layer norms and the final norm
 * @param lmHead     output projection ({@code 0} when tied to the embedding)
 */
public record ParameterCount(
        long embedding, long attention, long denseMlp, long experts, long routers, long norms, long lmHead) {
    public long total() {
        return Math.addExact(
                Math.addExact(Math.addExact(embedding, attention), Math.addExact(denseMlp, experts)),
                Math.addExact(Math.addExact(routers, norms), lmHead));
    }

    /** Parameters in linear layers a weight quantizer packs: attention, MLPs, experts. */
    public long linear() {
        return Math.addExact(Math.addExact(attention, denseMlp), experts);
    }

    /** Everything else (embeddings, lm_head, norms, routers): kept in 16 bits by quantizers. */
    public long unquantized() {
        return Math.addExact(Math.addExact(embedding, lmHead), Math.addExact(norms, routers));
    }

    /** Only a total is known (manual --params or a file count): treated as all linear. */
    public static ParameterCount ofTotal(long total) {
        return new ParameterCount(0, 0, total, 0, 0, 0, 0);
    }
}
