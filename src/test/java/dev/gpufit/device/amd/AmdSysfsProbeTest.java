package dev.gpufit.device.amd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.device.Device;
import dev.gpufit.device.DeviceKind;
import dev.gpufit.device.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** amdgpu sysfs trees built in a temp dir: a discrete RX 7900 XTX and a Strix Halo APU. */
class AmdSysfsProbeTest {
    static final long GIB = 1L << 30;
    // rocm-smi on a 7900 XTX: "VRAM Total Memory (B): 25753026560" (24560 MiB)
    static final long XTX_VRAM = 25_753_026_560L;
    // Strix Halo, 128 GB: 512 MiB VRAM carve-out, 96 GiB GTT (representative values)
    static final long HALO_VRAM = 512L << 20;
    static final long HALO_GTT = 96 * GIB;

    @TempDir
    Path root;

    void card(String card, Map<String, String> files) throws IOException {
        Path dev = root.resolve("class/drm").resolve(card).resolve("device");
        Files.createDirectories(dev);
        for (var e : files.entrySet()) {
            Files.writeString(dev.resolve(e.getKey()), e.getValue() + "\n");
        }
    }

    void xtx(String card) throws IOException {
        card(
                card,
                Map.of(
                        "vendor",
                        "0x1002",
                        "device",
                        "0x744c",
                        "mem_info_vram_total",
                        "" + XTX_VRAM,
                        "mem_info_vram_used",
                        "1073741824",
                        "mem_info_gtt_total",
                        "" + 16 * GIB,
                        "mem_info_gtt_used",
                        "20000000",
                        "unique_id",
                        "4b2c1a9f8d3e6f7a",
                        "uevent",
                        "DRIVER=amdgpu\nPCI_SLOT_NAME=0000:03:00.0"));
    }

    void halo(String card) throws IOException {
        card(
                card,
                Map.of(
                        "vendor",
                        "0x1002",
                        "device",
                        "0x1586",
                        "mem_info_vram_total",
                        "" + HALO_VRAM,
                        "mem_info_vram_used",
                        "100000000",
                        "mem_info_gtt_total",
                        "" + HALO_GTT,
                        "mem_info_gtt_used",
                        "" + 2 * GIB));
    }

    ProbeResult probe(String rocr, String hip) {
        return new AmdSysfsProbe(root, rocr, hip).probe();
    }

    @Test
    void discreteCardUsesVram() throws IOException {
        xtx("card0");
        Device d = probe(null, null).devices().get(0);
        assertEquals(DeviceKind.DISCRETE, d.kind());
        assertEquals(XTX_VRAM, d.totalBytes());
        assertEquals(XTX_VRAM - GIB, d.usableBytes());
        assertEquals("AMD Radeon RX 7900 XT/XTX/GRE (Navi 31)", d.name());
        assertEquals("GPU-4b2c1a9f8d3e6f7a", d.uuid());
        assertEquals("0000:03:00.0", d.pciBusId());
    }

    @Test
    void apuUsesGttNotTheCarveOut() throws IOException {
        halo("card1");
        Device d = probe(null, null).devices().get(0);
        assertEquals(DeviceKind.UNIFIED, d.kind());
        assertEquals(HALO_GTT, d.totalBytes());
        assertEquals(HALO_GTT - 2 * GIB, d.usableBytes());
        assertTrue(
                d.notes().stream().anyMatch(n -> n.contains("512 MiB VRAM carve-out")),
                d.notes().toString());
    }

    @Test
    void skipsOtherVendorsAndConnectorEntries() throws IOException {
        card("card0", Map.of("vendor", "0x10de", "mem_info_vram_total", "1", "mem_info_vram_used", "0"));
        xtx("card1");
        Files.createDirectories(root.resolve("class/drm/card1-DP-1"));
        assertEquals(
                List.of("amd:0"),
                probe(null, null).devices().stream().map(Device::id).toList());
    }

    @Test
    void aCardNumberTooLargeForAnIntIsSkippedNotFatal() throws IOException {
        xtx("card0");
        xtx("card99999999999"); // stray entry; Integer.parseInt failed the whole probe before
        ProbeResult r = probe(null, null);
        assertEquals(1, r.devices().size(), r.toString());
        assertEquals(XTX_VRAM, r.devices().get(0).totalBytes());
    }

    @Test
    void rocrThenHipVisibility() throws IOException {
        xtx("card0");
        halo("card1");
        assertEquals(
                List.of(HALO_GTT),
                probe("1", null).devices().stream().map(Device::totalBytes).toList());
        assertEquals(
                List.of(XTX_VRAM),
                probe("GPU-4b2c1a9f8d3e6f7a", null).devices().stream()
                        .map(Device::totalBytes)
                        .toList());
        assertEquals(
                List.of(HALO_GTT),
                probe("0,1", "1").devices().stream().map(Device::totalBytes).toList(),
                "HIP indexes into what ROCR left");
        ProbeResult none = probe("", null);
        assertEquals(List.of(), none.devices());
        assertTrue(
                none.warnings().get(0).contains("hide 2 AMD GPU(s)"),
                none.warnings().toString());
    }

    @Test
    void integratedRule() {
        assertTrue(AmdSysfsProbe.isApu(HALO_VRAM, HALO_GTT));
        assertTrue(!AmdSysfsProbe.isApu(XTX_VRAM, 16 * GIB));
        assertTrue(!AmdSysfsProbe.isApu(4 * GIB, 12 * GIB), "GTT must be at least 4x VRAM");
    }

    @Test
    void noDrmTreeMeansNoDevicesNoWarnings() {
        ProbeResult r = new AmdSysfsProbe(root.resolve("absent"), null, null).probe();
        assertEquals(List.of(), r.devices());
        assertEquals(List.of(), r.warnings());
    }
}
