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
                "nvidia",
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
