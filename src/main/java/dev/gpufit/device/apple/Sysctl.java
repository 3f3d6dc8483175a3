package dev.gpufit.device.apple;

import java.util.Optional;
import java.util.OptionalLong;

/** Reads macOS sysctl values by name. A seam: tests pass recorded values from real Macs. */
public interface Sysctl {
    /** An integer sysctl (32 or 64 bit); empty when the name does not exist on this macOS. */
    OptionalLong number(String name);

    /** A string sysctl such as machdep.cpu.brand_string; empty when absent. */
    Optional<String> string(String name);
}
