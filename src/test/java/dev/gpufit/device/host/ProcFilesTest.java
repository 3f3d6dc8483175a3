package dev.gpufit.device.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gpufit.device.HostMemory;
import org.junit.jupiter.api.Test;

class ProcFilesTest {
    @Test
    void meminfoUsesMemTotalAndMemAvailable() {
        String text = """
                MemTotal:       24683412 kB
                MemFree:         1123456 kB
                MemAvailable:   23391204 kB
                Buffers:          123456 kB
                Active(file):    5000000 kB
                """;
        assertEquals(new HostMemory(24_683_412L * 1024, 23_391_204L * 1024), ProcFiles.meminfo(text));
    }

    @Test
    void meminfoWithoutMemAvailableSumsFreeFileAndReclaimableAsOshiDoes() {
        String text = """
                MemTotal:        8000000 kB
                MemFree:         1000000 kB
                Active(file):     200000 kB
                Inactive(file):   300000 kB
                SReclaimable:      40000 kB
                """;
        assertEquals(new HostMemory(8_000_000L * 1024, 1_540_000L * 1024), ProcFiles.meminfo(text));
    }

    @Test
    void meminfoThatDoesNotParseIsLeftToOshi() {
        assertNull(ProcFiles.meminfo(""));
        assertNull(ProcFiles.meminfo("MemFree: 10 kB\n"));
        assertNull(ProcFiles.meminfo("MemTotal: lots kB\n"));
    }

    @Test
    void cpuModelNameOrNullForOshi() {
        String x86 = """
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) Platinum 8480+
                flags\t\t: fpu vme
                """;
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", ProcFiles.cpuModelName(x86));
        assertNull(ProcFiles.cpuModelName("processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n"));
    }
}
