package dev.gpufit.fleet;

/**
 * One device of one host, read from a report by key (README.md#json-output), never by Java class, so
 * fleet reads reports from any gpufit version that writes the same keys.
 *
 * @param id            device id as reported ("nvidia:0"), "" when absent
 * @param index         device index, {@code null} when absent
 * @param uuid          "" when absent
 * @param name          device model name, "unknown" when absent
 * @param vendor        "" when absent
 * @param kind          discrete, unified, mig, host ("" when absent)
 * @param totalBytes    total memory
 * @param freeBytes     free now, {@code null} when the report does not say
 * @param reservedBytes driver-reserved, {@code null} when the report does not say
 * @param usableBytes   what a model may use
 * @param verdict       the report's own judgement (fit reports only), else {@code null}
 */
public record FleetDevice(
        String id,
        Integer index,
        String uuid,
        String name,
        String vendor,
        String kind,
        long totalBytes,
        Long freeBytes,
        Long reservedBytes,
        long usableBytes,
        DeviceVerdict verdict) {

    public boolean isHostRam() {
        return "host".equals(kind);
    }

    public String indexLabel() {
        return index == null ? "" : index.toString();
    }
}
