package dev.gpufit.device.amd;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.DeviceProbe;
import dev.gpufit.device.ProbeResult;
import dev.gpufit.device.Vendor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AMD GPUs on Linux from amdgpu's sysfs files under {@code <root>/class/drm/card*}/device:
 * {@code mem_info_vram_total|used} for discrete cards, {@code mem_info_gtt_total|used} for
 * APUs, where the pool a model can use is GTT (system memory the GPU maps), not the small VRAM
 * carve-out (docs/probing.md#amd-on-linux). The root is a parameter ({@code GPUFIT_SYSFS_ROOT}) so tests build
 * fake trees. Visibility: ROCR_VISIBLE_DEVICES first, then HIP_VISIBLE_DEVICES selects among those.
 */
public final class AmdSysfsProbe implements DeviceProbe {
    static final String AMD_VENDOR = "0x1002";
    private static final long GIB = 1L << 30;
    private static final Pattern CARD = Pattern.compile("card(\\d+)");
    /** A few names for boards whose sysfs has no product_name; others show the PCI ids. */
    private static final Map<String, String> KNOWN = Map.of(
            "0x744c", "AMD Radeon RX 7900 XT/XTX/GRE (Navi 31)",
            "0x1586", "AMD Radeon 8060S (Strix Halo)",
            "0x73bf", "AMD Radeon RX 6800/6900 (Navi 21)",
            "0x74a1", "AMD Instinct MI300X");

    private final Path sysfsRoot;
    private final String rocrVisible;
    private final String hipVisible;

    /**
     * @param sysfsRoot   normally "/sys"
     * @param rocrVisible ROCR_VISIBLE_DEVICES, {@code null} when unset
     * @param hipVisible  HIP_VISIBLE_DEVICES, {@code null} when unset
     */
    public AmdSysfsProbe(Path sysfsRoot, String rocrVisible, String hipVisible) {
        this.sysfsRoot = sysfsRoot;
        this.rocrVisible = rocrVisible;
        this.hipVisible = hipVisible;
    }

    @Override
    public String name() {
        return "amd";
    }

    @Override
    public ProbeResult probe() {
        Path drm = sysfsRoot.resolve("class").resolve("drm");
        if (!Files.isDirectory(drm)) {
            return ProbeResult.of(List.of(), List.of());
        }
        List<Device> found = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String driver = readString(sysfsRoot.resolve("module/amdgpu/version"));
        for (Path card : cards(drm)) {
            Path dev = card.resolve("device");
            if (!AMD_VENDOR.equalsIgnoreCase(readString(dev.resolve("vendor")))) {
                continue;
            }
            try {
                found.add(readCard(card.getFileName().toString(), dev, found.size(), driver));
            } catch (IOException | NumberFormatException e) {
                warnings.add(
                        "amd: " + card.getFileName() + ": cannot read amdgpu memory files (" + e.getMessage() + ")");
            }
        }
        List<Device> visible = AmdVisibleDevices.apply(found, rocrVisible, hipVisible, warnings);
        return ProbeResult.of(visible, warnings);
    }

    private Device readCard(String cardName, Path dev, int ordinal, String driver) throws IOException {
        long vramTotal = readLong(dev.resolve("mem_info_vram_total"));
        long vramUsed = readLong(dev.resolve("mem_info_vram_used"));
        Long gttTotal = readOptionalLong(dev.resolve("mem_info_gtt_total"));
        Long gttUsed = readOptionalLong(dev.resolve("mem_info_gtt_used"));
        String deviceId = readString(dev.resolve("device"));
        String name = readString(dev.resolve("product_name"));
        if (name == null || name.isBlank()) {
            name = KNOWN.getOrDefault(
                    deviceId == null ? "" : deviceId.toLowerCase(Locale.ROOT),
                    "AMD GPU 1002:" + (deviceId == null ? "?" : deviceId.replace("0x", "")));
        }
        String unique = readString(dev.resolve("unique_id"));
        String uuid = unique == null || unique.isBlank()
                ? null
                : "GPU-" + unique.replace("0x", "").toLowerCase(Locale.ROOT);
        String pci = pciSlot(dev);
        List<String> notes = new ArrayList<>();
        notes.add("sysfs " + cardName);
        if (isApu(vramTotal, gttTotal)) {
            long used = gttUsed == null ? 0 : gttUsed;
            long free = Math.max(0, gttTotal - used);
            notes.add(String.format(
                    Locale.ROOT,
                    "APU: the GPU allocates from GTT (system RAM); the %d MiB VRAM" + " carve-out is not counted",
                    vramTotal >> 20));
            return Device.builder("amd:" + ordinal, DeviceKind.UNIFIED)
                    .index(ordinal)
                    .vendor(Vendor.AMD)
                    .name(name)
                    .uuid(uuid)
                    .pciBusId(pci)
                    .totalBytes(gttTotal)
                    .freeBytes(free)
                    .usableBytes(free)
                    .driverVersion(driver)
                    .usableSource("sysfs GTT total - used (APU)")
                    .notes(notes)
                    .build();
        }
        long free = Math.max(0, vramTotal - vramUsed);
        return Device.builder("amd:" + ordinal, DeviceKind.DISCRETE)
                .index(ordinal)
                .vendor(Vendor.AMD)
                .name(name)
                .uuid(uuid)
                .pciBusId(pci)
                .totalBytes(vramTotal)
                .freeBytes(free)
                .usableBytes(free)
                .driverVersion(driver)
                .usableSource("sysfs VRAM total - used")
                .notes(notes)
                .build();
    }

    /** Ollama's integrated-GPU rule: a small carve-out next to a large GTT pool. */
    static boolean isApu(long vramTotal, Long gttTotal) {
        return gttTotal != null && vramTotal <= 4 * GIB && gttTotal >= 8 * GIB && gttTotal >= 4 * vramTotal;
    }

    private static List<Path> cards(Path drm) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(drm)) {
            for (Path p : ds) {
                // a name like card99999999999 matches the pattern but is no card the kernel made;
                // skip it rather than let it fail the whole probe and drop the real cards
                if (cardNumber(p.getFileName().toString()) >= 0) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(Comparator.comparingInt(p -> cardNumber(p.getFileName().toString())));
        return out;
    }

    /** The N of cardN, or -1 when the name is not a card or N does not parse as an int. */
    private static int cardNumber(String name) {
        Matcher m = CARD.matcher(name);
        if (!m.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** PCI address from uevent (PCI_SLOT_NAME), else from where the device link points. */
    private static String pciSlot(Path dev) {
        String uevent = readString(dev.resolve("uevent"));
        if (uevent != null) {
            for (String line : uevent.split("\n")) {
                if (line.startsWith("PCI_SLOT_NAME=")) {
                    return line.substring("PCI_SLOT_NAME=".length()).strip();
                }
            }
        }
        try {
            String target = dev.toRealPath().getFileName().toString();
            return target.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]") ? target : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static long readLong(Path p) throws IOException {
        return Long.parseLong(Files.readString(p, StandardCharsets.US_ASCII).strip());
    }

    private static Long readOptionalLong(Path p) throws IOException {
        return Files.isRegularFile(p) ? readLong(p) : null;
    }

    private static String readString(Path p) {
        try {
            return Files.isRegularFile(p)
                    ? Files.readString(p, StandardCharsets.UTF_8).strip()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }
}
