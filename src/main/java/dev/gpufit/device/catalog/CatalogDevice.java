package dev.gpufit.device.catalog;

import java.util.List;

/**
 * One entry of {@code config/devices.yaml}.
 *
 * @param id                  catalog id, e.g. "h100-80gb"
 * @param name                as the driver names it, e.g. "NVIDIA H100 80GB HBM3"
 * @param vendor              nvidia, amd, apple
 * @param kind                discrete or unified
 * @param totalMib            memory as the tools report it, in MiB
 * @param olderDriverTotalMib the figure older drivers reported for the same card, or null
 * @param aliases             other ids it answers to
 * @param source              where the figure comes from
 */
public record CatalogDevice(
        String id,
        String name,
        String vendor,
        String kind,
        long totalMib,
        Long olderDriverTotalMib,
        List<String> aliases,
        String source) {
    public CatalogDevice {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
