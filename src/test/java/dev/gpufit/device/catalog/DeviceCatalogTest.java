package dev.gpufit.device.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.apple.AppleGpuBudget;
import dev.gpufit.device.apple.Sysctl;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeviceCatalogTest {
    final DeviceCatalog catalog = DeviceCatalog.load();

    @Test
    void hasAtLeastFortyDevicesCoveringTheIssueList() {
        assertTrue(catalog.all().size() >= 40, "size " + catalog.all().size());
        Set<String> ids = catalog.all().stream().map(CatalogDevice::id).collect(Collectors.toSet());
        for (String id : List.of(
                "t4",
                "l4",
                "a10",
                "a100-40gb",
                "a100-80gb",
                "h100-pcie",
                "h100-80gb",
                "h100-nvl",
                "h200",
                "b200",
                "l40s",
                "gh200",
                "rtx-3090",
                "rtx-4090",
                "rtx-5090",
                "rtx-a6000",
                "rtx-6000-ada",
                "m1-max-64gb",
                "m2-ultra-192gb",
                "m3-pro-36gb",
                "m4-max-128gb",
                "mi210",
                "mi250",
                "mi300x",
                "mi325x",
                "rx-7900-xtx")) {
            assertTrue(ids.contains(id), "missing " + id);
        }
        assertTrue(catalog.all().stream()
                .allMatch(d -> d.totalMib() > 0 && !d.source().isBlank()));
    }

    @Test
    void expandsCountsIntoEmptyIdenticalDevices() {
        List<Device> eight = catalog.expand("h100-80gb:8", 0);
        assertEquals(8, eight.size());
        Device d = eight.get(3);
        assertEquals(81559L * 1024 * 1024, d.totalBytes());
        assertEquals(d.totalBytes(), d.usableBytes());
        assertEquals(3, d.index());
        assertEquals("NVIDIA H100 80GB HBM3", d.name());
        assertEquals(DeviceKind.DISCRETE, d.kind());
        assertEquals(8, eight.stream().map(Device::id).distinct().count());
    }

    @Test
    void aliasesAndAppleWorkingSet() {
        assertEquals("rtx-4090", catalog.find("4090").orElseThrow().id());
        Device small = catalog.expand("m2-max-32gb", 0).get(0);
        // floor(2/3 x 32 GiB): 21845.33 MiB, as macOS reports a 32 GB Mac
        assertEquals(22_906_492_245L, small.usableBytes());
        assertEquals(DeviceKind.UNIFIED, small.kind());
        Device big = catalog.expand("m3-max-128gb", 0).get(0);
        assertEquals(128L * 1024 * 1024 * 1024 / 4 * 3, big.usableBytes());
    }

    @Test
    void appleEntriesTakeTheShareTheProbeFallsBackTo() {
        // one function sizes both: a catalog Mac and a probed Mac without Metal or a wired limit agree
        Sysctl none = new Sysctl() {
            @Override
            public OptionalLong number(String name) {
                return OptionalLong.empty();
            }

            @Override
            public Optional<String> string(String name) {
                return Optional.empty();
            }
        };
        int apple = 0;
        for (CatalogDevice c : catalog.all()) {
            if (!"apple".equals(c.vendor())) {
                continue;
            }
            apple++;
            Device d = catalog.expand(c.id(), 0).get(0);
            AppleGpuBudget probed = AppleGpuBudget.of(d.totalBytes(), OptionalLong.empty(), none);
            assertEquals(probed.bytes(), d.usableBytes(), c.id());
            assertTrue(
                    d.usableSource().contains(probed.source().substring("default ".length(), 11)),
                    d.usableSource() + " / " + probed.source());
        }
        assertTrue(apple >= 10, "apple entries " + apple);
    }

    @Test
    void badSpecsAreInputErrorsWithSuggestions() {
        BadInputException e = assertThrows(BadInputException.class, () -> catalog.expand("h100-80g", 0));
        assertTrue(e.getMessage().contains("h100-80gb"), e.getMessage());
        assertThrows(BadInputException.class, () -> catalog.expand("h100-80gb:0", 0));
        assertThrows(BadInputException.class, () -> catalog.expand("h100-80gb:x", 0));
        assertThrows(BadInputException.class, () -> catalog.expand("h100-80gb:2:3", 0));
    }

    @Test
    void packagedJsonGivesTheDevicesOfTheYamlSource() throws Exception {
        try (java.io.InputStream yaml =
                java.nio.file.Files.newInputStream(java.nio.file.Path.of("config", "devices.yaml"))) {
            assertEquals(DeviceCatalog.parse(yaml).all(), catalog.all());
        }
    }

    private static Device probed(String name, long mib) {
        return Device.builder("nvidia:0", DeviceKind.DISCRETE)
                .vendor(dev.gpufit.device.Vendor.NVIDIA)
                .name(name)
                .totalBytes(mib * 1024 * 1024)
                .usableBytes(mib * 1024 * 1024)
                .build();
    }

    @Test
    void aProbedGpuIsLikeTheEntryTheDriverNamesTheSameElseOneOfItsMemory() {
        assertEquals(
                Optional.of("h100-80gb"),
                catalog.like(probed("NVIDIA H100 80GB HBM3", 81559)).map(CatalogDevice::id));
        assertEquals(
                Optional.of("rtx-4090"),
                catalog.like(probed("NVIDIA GeForce RTX 4090", 24564)).map(CatalogDevice::id));
        // a name the catalog lacks: the discrete NVIDIA entry closest in memory, within 2 %
        assertEquals(
                Optional.of("l4"),
                catalog.like(probed("NVIDIA L4 (renamed)", 23040)).map(CatalogDevice::id));
        assertEquals(Optional.empty(), catalog.like(probed("Prototype X 10GB", 10240)));
    }
}
