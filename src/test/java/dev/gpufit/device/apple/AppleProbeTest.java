package dev.gpufit.device.apple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.HostMemory;
import dev.gpufit.device.ProbeResult;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Apple logic with values recorded on real Macs (docs/probing.md#metal-working-set); no Mac needed. */
class AppleProbeTest {
    static final long GIB = 1L << 30;
    static final double MIB = 1 << 20;

    record RecordedSysctl(Map<String, Long> numbers, Map<String, String> strings) implements Sysctl {
        @Override
        public OptionalLong number(String name) {
            Long v = numbers.get(name);
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }

        @Override
        public Optional<String> string(String name) {
            return Optional.ofNullable(strings.get(name));
        }
    }

    static Device probe(Map<String, Long> numbers, OptionalLong metal) {
        Sysctl sysctl = new RecordedSysctl(numbers, Map.of("machdep.cpu.brand_string", "Apple M2 Max"));
        ProbeResult r =
                new AppleProbe(sysctl, () -> metal, () -> new HostMemory(numbers.get("hw.memsize"), 20 * GIB)).probe();
        return r.devices().get(0);
    }

    @Test
    void default32GbMacIsTwoThirds() {
        // llama.cpp on a 32 GB M2 Max / M1 Max (2023): recommendedMaxWorkingSetSize = 21845.34 MB (MiB)
        Device d = probe(Map.of("hw.memsize", 32 * GIB, "iogpu.wired_limit_mb", 0L), OptionalLong.empty());
        assertEquals(21845.34, d.usableBytes() / MIB, 0.02);
        assertEquals(DeviceKind.UNIFIED, d.kind());
        assertEquals(32 * GIB, d.totalBytes());
        assertEquals("Apple M2 Max GPU", d.name());
        assertTrue(d.usableSource().startsWith("default 2/3 of RAM"), d.usableSource());
    }

    @Test
    void default64GbMacIsThreeQuarters() {
        // llama.cpp#1870, 64 GB M1 Max: 49152.00 MiB
        Device d = probe(Map.of("hw.memsize", 64 * GIB), OptionalLong.empty());
        assertEquals(49152.0, d.usableBytes() / MIB, 0.001);
    }

    @Test
    void wiredLimitOverrideWins() {
        // 128 GB Mac with iogpu.wired_limit_mb = 114688 -> 112.00 GiB (antirez/ds4 PR #893)
        Device d = probe(Map.of("hw.memsize", 128 * GIB, "iogpu.wired_limit_mb", 114_688L), OptionalLong.empty());
        assertEquals(112 * GIB, d.usableBytes());
        assertEquals("sysctl iogpu.wired_limit_mb", d.usableSource());
    }

    @Test
    void venturaWiredLimitIsInBytes() {
        Device d = probe(Map.of("hw.memsize", 32 * GIB, "debug.iogpu.wired_limit", 28 * GIB), OptionalLong.empty());
        assertEquals(28 * GIB, d.usableBytes());
        assertEquals("sysctl debug.iogpu.wired_limit", d.usableSource());
    }

    @Test
    void metalValueIsPreferred() {
        // 64 GB (2026): 55,662,788,608 B from swift -e
        Device d = probe(Map.of("hw.memsize", 64 * GIB, "iogpu.wired_limit_mb", 0L), OptionalLong.of(55_662_788_608L));
        assertEquals(55_662_788_608L, d.usableBytes());
        assertEquals("Metal recommendedMaxWorkingSetSize", d.usableSource());
        assertEquals(20 * GIB, d.freeBytes(), "free is host RAM available, capped at usable");
    }
}
