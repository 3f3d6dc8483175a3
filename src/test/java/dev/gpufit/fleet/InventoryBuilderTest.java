package dev.gpufit.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryBuilderTest {
    /** Needs a fixed number of bytes; counts what it was asked to judge. */
    static final class NeedsBytes implements FleetJudge {
        final long need;
        final List<FleetDevice> asked = new ArrayList<>();

        NeedsBytes(long need) {
            this.need = need;
        }

        @Override
        public String model() {
            return "m";
        }

        @Override
        public Long context() {
            return 8192L;
        }

        @Override
        public List<DeviceVerdict> judge(List<FleetDevice> devices) {
            asked.addAll(devices);
            return devices.stream().map(d -> new DeviceVerdict(d.usableBytes() >= need ? "fits" : "does_not_fit",
                    d.usableBytes() >= need, d.usableBytes() - need)).toList();
        }
    }

    private static HostReport parse(String json, String source) {
        return ReportParser.parse(json, source, source).reports().get(0);
    }

    @Test
    void totalsPerDeviceModelAcrossHosts() {
        List<HostReport> reports = List.of(
                parse(Reports.devices("a", Reports.H100, Reports.device(1, "NVIDIA H100 80GB HBM3", "GPU-x", 85520809984L, 10)), "a"),
                parse(Reports.devices("b", Reports.H100), "b"),
                parse(Reports.devices("c", Reports.L4), "c"));
        Inventory inv = InventoryBuilder.build(reports, List.of(), null);
        assertEquals(2, inv.totals().size());
        Inventory.ModelTotal h = inv.totals().get(0);
        assertEquals("NVIDIA H100 80GB HBM3", h.name());
        assertEquals(3, h.devices());
        assertEquals(2, h.hosts());
        assertEquals(3 * 85520809984L, h.totalBytes());
        assertEquals(160 * Reports.GIB + 10, h.freeBytes());
    }

    @Test
    void rankingUsesMatchingFitReportsAndJudgesTheRest() {
        List<HostReport> reports = List.of(
                parse(Reports.devices("a", Reports.H100), "a"),
                parse(Reports.devices("c", Reports.L4), "c"),
                parse(Reports.fit("f", "m", 8192, Reports.L4, "tight", Reports.GIB / 2), "f"),
                parse(Reports.fit("g", "other-model", 8192, Reports.H100, "fits", 70 * Reports.GIB), "g"));
        NeedsBytes judge = new NeedsBytes(30 * Reports.GIB);
        Inventory.FitRanking r = InventoryBuilder.build(reports, List.of(), judge).fit();
        assertEquals(List.of("a", "g", "f", "c"), r.rows().stream().map(Inventory.FitRow::host).toList());
        assertEquals(List.of("judged", "judged", "report", "judged"), r.rows().stream().map(Inventory.FitRow::basis).toList());
        assertEquals(50 * Reports.GIB, r.rows().get(0).verdict().headroomBytes());
        assertEquals(3, judge.asked.size()); // a, c and g's device: g judged another model
        assertEquals(3, r.hostsFitting());
        assertEquals(3, r.devicesFitting());
    }

    @Test
    void hostRamIsJudgedOnlyOnHostsWithoutGpus() {
        String ram = "{\"id\":\"host\",\"index\":0,\"vendor\":\"host\",\"name\":\"Host RAM\",\"kind\":\"host\","
                + "\"total_bytes\":137438953472,\"free_bytes\":100000000000,\"usable_bytes\":90000000000}";
        List<HostReport> reports = List.of(parse(Reports.devices("gpu", Reports.L4, ram), "gpu"),
                parse(Reports.devices("cpu", ram), "cpu"));
        NeedsBytes judge = new NeedsBytes(Reports.GIB);
        InventoryBuilder.build(reports, List.of(), judge);
        assertEquals(List.of("NVIDIA L4", "Host RAM"), judge.asked.stream().map(FleetDevice::name).toList());
    }
}
