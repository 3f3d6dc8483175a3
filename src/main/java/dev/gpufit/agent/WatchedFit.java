package dev.gpufit.agent;

/**
 * One watched model judged on one device, read from the fit JSON by key.
 *
 * @param watch          what was asked
 * @param index          device index ("" when the report has none)
 * @param uuid           device UUID ("" when none)
 * @param name           device name
 * @param fits           fits or tight
 * @param headroomBytes  budget − needed; negative is the shortfall
 */
public record WatchedFit(Watch watch, String index, String uuid, String name, boolean fits, long headroomBytes) {}
