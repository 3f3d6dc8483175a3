package dev.gpufit.device.apple;

import java.util.OptionalLong;

/** Metal's view of the GPU. A seam: the real one calls Metal through the Objective-C runtime. */
public interface MetalInfo {
    /** MTLDevice.recommendedMaxWorkingSetSize in bytes; empty when Metal cannot be asked. */
    OptionalLong recommendedMaxWorkingSetSize();
}
