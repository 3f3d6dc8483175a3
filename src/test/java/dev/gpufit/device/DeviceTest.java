package dev.gpufit.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Device writes its equals/hashCode out (start-up time): they must still mean value equality. */
class DeviceTest {
    static Device h100(Long free, String note) {
        return new Device(
                "nvidia:0",
                0,
                Vendor.NVIDIA,
                "NVIDIA H100 80GB HBM3",
                "GPU-1",
                "00000000:18:00.0",
                DeviceKind.DISCRETE,
                85_520_809_984L,
                free,
                567_279_616L,
                free == null ? 0 : free,
                "9.0",
                "550.54.15",
                "NVML memory v2 free",
                note == null ? List.of() : List.of(note));
    }

    @Test
    void theBuilderNamesEveryField() {
        Device d = h100(1L, "n");
        assertEquals(d, d.toBuilder().build());
        Device built = Device.builder("nvidia:0", DeviceKind.DISCRETE)
                .vendor(Vendor.NVIDIA)
                .name("NVIDIA H100 80GB HBM3")
                .uuid("GPU-1")
                .pciBusId("00000000:18:00.0")
                .totalBytes(85_520_809_984L)
                .freeBytes(1L)
                .reservedBytes(567_279_616L)
                .usableBytes(1L)
                .computeCapability("9.0")
                .driverVersion("550.54.15")
                .usableSource("NVML memory v2 free")
                .notes(List.of("n"))
                .build();
        assertEquals(d, built);
        assertEquals(3, d.withIndex(3).index());
        assertEquals(d, d.withIndex(3).withIndex(0));
        assertEquals("nvidia", Vendor.NVIDIA.jsonName());
        assertEquals(Vendor.APPLE, Vendor.find(" Apple").orElseThrow());
        assertEquals(java.util.Optional.empty(), Vendor.find("via"));
    }

    @Test
    void equalValuesAreEqualAndHashAlike() {
        assertEquals(h100(1L, "n"), h100(1L, "n"));
        assertEquals(h100(1L, "n").hashCode(), h100(1L, "n").hashCode());
        assertEquals(h100(null, null), h100(null, null));
    }

    @Test
    void anyDifferingComponentMakesThemDiffer() {
        assertNotEquals(h100(1L, "n"), h100(2L, "n"));
        assertNotEquals(h100(1L, "n"), h100(1L, "other"));
        assertNotEquals(h100(1L, "n"), h100(1L, "n").withIndex(1));
        assertNotEquals(h100(1L, null), h100(null, null));
    }

    @Test
    void usedIsNvidiaSmisUsedWithoutTheReservedShare() {
        Device idle = h100(85_520_809_984L - 567_279_616L, null);
        assertEquals(0L, idle.usedBytes());
        Device busy = h100(85_520_809_984L - 567_279_616L - 1_000L, null);
        assertEquals(1_000L, busy.usedBytes());
    }
}
