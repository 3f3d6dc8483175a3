package dev.gpufit.cli;

import dev.gpufit.BadInputException;
import dev.gpufit.fleet.FleetJudge;

/**
 * Builds the {@link FleetJudge} for {@code fleet --model}: the model resolved as {@code gpufit fit}
 * resolves it, judged by the same FitJudge on the devices the reports describe.
 */
final class FleetJudges {
    private FleetJudges() {}

    static FleetJudge forModel(String model, Long context) {
        // wired to ModelResolver + FitJudge when the estimate and fit branches land
        throw new BadInputException("fleet --model needs the fit judgement, which this build does not have yet");
    }
}
