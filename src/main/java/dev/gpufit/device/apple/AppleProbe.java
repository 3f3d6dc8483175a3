package dev.gpufit.device.apple;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.DeviceProbe;
import dev.gpufit.device.HostMemoryReader;
import dev.gpufit.device.ProbeResult;
import dev.gpufit.device.Vendor;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The Apple Silicon GPU as one unified-memory device: total = {@code hw.memsize}, usable =
 * {@link AppleGpuBudget}. Free is host RAM available now (capped at usable), since Metal never
 * reports free memory. Pure over {@link Sysctl} and {@link MetalInfo}.
 */
public final class AppleProbe implements DeviceProbe {
    private final Sysctl sysctl;
    private final MetalInfo metal;
    private final HostMemoryReader hostMemory;

    public AppleProbe(Sysctl sysctl, MetalInfo metal, HostMemoryReader hostMemory) {
        this.sysctl = sysctl;
        this.metal = metal;
        this.hostMemory = hostMemory;
    }

    @Override
    public String name() {
        return "apple";
    }

    @Override
    public ProbeResult probe() {
        OptionalLong memsize = sysctl.number("hw.memsize");
        if (memsize.isEmpty()) {
            return ProbeResult.failure("apple: sysctl hw.memsize unreadable; cannot size unified memory");
        }
        long total = memsize.getAsLong();
        List<String> warnings = new ArrayList<>();
        OptionalLong ws;
        try {
            ws = metal.recommendedMaxWorkingSetSize();
        } catch (RuntimeException | LinkageError e) {
            ws = OptionalLong.empty();
        }
        AppleGpuBudget budget = AppleGpuBudget.of(total, ws, sysctl);
        if (ws.isEmpty()) {
            warnings.add("apple: Metal recommendedMaxWorkingSetSize not readable; usable is " + budget.source());
        }
        Long free = null;
        List<String> notes = new ArrayList<>();
        try {
            free = Math.min(budget.bytes(), hostMemory.read().availableBytes());
            notes.add("free is host RAM available now, capped at usable (Metal does not report free memory)");
        } catch (RuntimeException | LinkageError e) {
            notes.add("free unknown: host RAM unreadable");
        }
        String chip = sysctl.string("machdep.cpu.brand_string").orElse("Apple Silicon");
        Device d = Device.builder("apple:0", DeviceKind.UNIFIED)
                .vendor(Vendor.APPLE)
                .name(chip + " GPU")
                .totalBytes(total)
                .freeBytes(free)
                .usableBytes(budget.bytes())
                .usableSource(budget.source())
                .notes(notes)
                .build();
        return ProbeResult.of(List.of(d), warnings);
    }
}
