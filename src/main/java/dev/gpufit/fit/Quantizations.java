package dev.gpufit.fit;

import dev.gpufit.estimate.Engine;
import dev.gpufit.estimate.EngineProfile;
import dev.gpufit.estimate.EngineProfiles;
import dev.gpufit.estimate.WeightDtypes;
import java.util.List;

/** The weight formats gpufit suggests and plans over, from most to least precise, per engine. */
public final class Quantizations {
    /** Every format the estimator sizes: the ladder for the generic profile. */
    public static final List<String> LADDER = WeightDtypes.LADDER;

    private Quantizations() {}

    /** The formats worth suggesting for an engine: ones it can actually load ({@link EngineProfile#weightLadder}). */
    public static List<String> ladder(Engine engine) {
        return EngineProfiles.of(engine).weightLadder();
    }
}
