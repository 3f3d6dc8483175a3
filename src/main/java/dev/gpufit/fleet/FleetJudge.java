package dev.gpufit.fleet;

import java.util.List;

/**
 * Judges one model on devices that reports describe. Fleet may not depend on the model and
 * estimate packages, so the command line supplies this (the same FitJudge as {@code gpufit fit},
 * run on the reported devices); tests supply arithmetic.
 */
public interface FleetJudge {
    /** The model asked for, as the user named it. */
    String model();

    /** The context asked for, {@code null} for the default. */
    Long context();

    /** One verdict per device, in the order given. Called once with every device to judge. */
    List<DeviceVerdict> judge(List<FleetDevice> devices);
}
