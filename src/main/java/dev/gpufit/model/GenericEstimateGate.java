package dev.gpufit.model;

import dev.gpufit.BadInputException;

/**
 * Refuses a model whose config carries fields that change memory but that gpufit does not model
 * ({@link ModelSpec#unmodelledFields()}), unless the caller accepts an approximate generic
 * estimate. Without this gate such models were sized from their standard fields alone and came
 * out 10-25x too small, under a note few readers see; a preflight must not say "fits" on that.
 */
public final class GenericEstimateGate {
    /** The command-line option that accepts an approximate estimate. */
    public static final String ACCEPT_OPTION = "--accept-generic";

    private GenericEstimateGate() {}

    /**
     * @param accept the user explicitly accepts an approximate generic estimate
     * @return {@code spec} when it is fully modelled or accepted
     * @throws BadInputException naming the unmodelled fields otherwise
     */
    public static ModelSpec check(ModelSpec spec, boolean accept) {
        if (!spec.approximate() || accept) {
            return spec;
        }
        throw new BadInputException(spec.id() + ": fields that change memory are not modelled for this model ("
                + String.join(", ", spec.unmodelledFields())
                + "); a generic estimate would count it as a plain decoder and could be far too small."
                + " Pass " + ACCEPT_OPTION + " to accept an approximate estimate");
    }
}
