package dev.gpufit.fleet;

/**
 * A model judged on one device.
 *
 * @param verdict        fits, tight or does_not_fit
 * @param fits           true for fits and tight
 * @param headroomBytes  budget − needed; negative is the shortfall
 */
public record DeviceVerdict(String verdict, boolean fits, long headroomBytes) {}
