package dev.gpufit.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            return devices.stream()
                    .map(d -> new DeviceVerdict(
                            d.usableBytes() >= need ? "fits" : "does_not_fit",
                            d.usableBytes() >= need,
                            d.usableBytes() - need))
                    .toList();
        }
    }

    private static HostReport parse(String json, String source) {
        return ReportParser.parse(json, source, source).reports().get(0);
    }

    @Test
    void totalsPerDeviceModelAcrossHosts() {
        List<HostReport> reports = List.of(
                parse(
                        Reports.devices(
                                "a",
                                Reports.H100,
                                Reports.device(1, "NVIDIA H100 80GB HBM3", "GPU-x", 85520809984L, 10)),
                        "a"),
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
        Inventory.FitRanking r =
                InventoryBuilder.build(reports, List.of(), judge).fit();
        assertEquals(
                List.of("a", "g", "f", "c"),
                r.rows().stream().map(Inventory.FitRow::host).toList());
        assertEquals(
                List.of("judged", "judged", "report", "judged"),
                r.rows().stream().map(Inventory.FitRow::basis).toList());
        assertEquals(50 * Reports.GIB, r.rows().get(0).verdict().headroomBytes());
        assertEquals(3, judge.asked.size()); // a, c and g's device: g judged another model
        assertEquals(3, r.hostsFitting());
        assertEquals(3, r.devicesFitting());
    }

    @Test
    void hostRamIsJudgedOnlyOnHostsWithoutGpus() {
        String ram = "{\"id\":\"host\",\"index\":0,\"vendor\":\"host\",\"name\":\"Host RAM\",\"kind\":\"host\","
                + "\"total_bytes\":137438953472,\"free_bytes\":100000000000,\"usable_bytes\":90000000000}";
        List<HostReport> reports = List.of(
                parse(Reports.devices("gpu", Reports.L4, ram), "gpu"), parse(Reports.devices("cpu", ram), "cpu"));
        NeedsBytes judge = new NeedsBytes(Reports.GIB);
        InventoryBuilder.build(reports, List.of(), judge);
        assertEquals(
                List.of("NVIDIA L4", "Host RAM"),
                judge.asked.stream().map(FleetDevice::name).toList());
    }

    /** A devices report as 'gpufit devices' writes one with MIG on GPU 0: parent, a busy GPU 1, one instance. */
    static String migHost(String hostname) {
        String parent = "{\"id\":\"nvidia:0\",\"index\":0,\"vendor\":\"nvidia\",\"name\":\"NVIDIA H100 80GB HBM3\","
                + "\"uuid\":\"GPU-parent\",\"kind\":\"discrete\",\"total_bytes\":85520809984,\"free_bytes\":84953530368,"
                + "\"usable_bytes\":0}";
        String gpu1 = Reports.device(1, "NVIDIA H100 80GB HBM3", "GPU-other", 85520809984L, 19 * Reports.GIB);
        String mig =
                "{\"id\":\"nvidia:0/mig:0\",\"index\":2,\"vendor\":\"nvidia\",\"name\":\"NVIDIA H100 80GB HBM3 MIG 3g.40gb\","
                        + "\"uuid\":\"MIG-instance\",\"kind\":\"mig\",\"total_bytes\":42949672960,\"free_bytes\":42949672960,"
                        + "\"usable_bytes\":42949672960}";
        return Reports.devices(hostname, parent, gpu1, mig);
    }

    @Test
    void aMigEnabledGpuIsListedButNeitherJudgedNorCounted() {
        HostReport r = parse(migHost("m"), "m.json");
        assertTrue(r.isMigParent(r.devices().get(0)));
        assertFalse(r.isMigParent(r.devices().get(1)));
        assertFalse(r.isMigParent(r.devices().get(2)));
        NeedsBytes judge = new NeedsBytes(16 * Reports.GIB);
        Inventory inv = InventoryBuilder.build(List.of(r), List.of(), judge);
        // the parent stays in the host's inventory, marked
        assertEquals(3, inv.hosts().get(0).devices().size());
        assertEquals(1, inv.migParents());
        assertTrue(
                inv.notes().get(0).startsWith("1 GPU has MIG enabled"),
                inv.notes().toString());
        // judged as gpufit fit would: GPU 1 and the instance, never the parent (usable 0)
        assertEquals(
                List.of("GPU-other", "MIG-instance"),
                judge.asked.stream().map(FleetDevice::uuid).toList());
        assertEquals(2, inv.fit().rows().size());
        assertEquals(2, inv.fit().devicesFitting());
        // totals: the parent's 80 GB are the instance's 40 GB (and its unused slices), not added to them
        Inventory.ModelTotal h100 = inv.totals().stream()
                .filter(t -> t.name().equals("NVIDIA H100 80GB HBM3"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, h100.devices());
        assertEquals(85520809984L, h100.totalBytes());
        Inventory.ModelTotal mig = inv.totals().stream()
                .filter(t -> t.name().endsWith("3g.40gb"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, mig.devices());
        assertEquals(42949672960L, mig.totalBytes());
    }

    @Test
    void aDiscreteGpuWithoutInstancesIsNotAMigParent() {
        HostReport r = parse(Reports.devices("a", Reports.H100, Reports.device(1, "x", "GPU-x", 1, 1)), "a");
        assertFalse(r.isMigParent(r.devices().get(0)));
        assertTrue(InventoryBuilder.build(List.of(r), List.of(), null).notes().isEmpty());
    }

    @Test
    void theSameHostFromTwoSourcesIsCountedOnce() {
        // node-b: a devices report saved on it, and its agent's live answer; node-a shares no UUID
        HostReport file = parse(Reports.devices("node-b", Reports.H100), "node-b.json");
        HostReport agent = ReportParser.parse(
                        Reports.devices("node-b", Reports.H100), "http://127.0.0.1:9464", "127.0.0.1")
                .reports()
                .get(0);
        HostReport other = parse(Reports.devices("node-a", Reports.L4), "node-a.json");
        Inventory inv = InventoryBuilder.build(List.of(file, other, agent), List.of(), null);
        assertEquals(
                List.of("node-a.json", "http://127.0.0.1:9464"),
                inv.hosts().stream().map(HostReport::source).toList());
        assertEquals(
                List.of(new Inventory.Duplicate("node-b.json", "node-b", "http://127.0.0.1:9464")), inv.duplicates());
        assertEquals(3, inv.reportsRead());
        Inventory.ModelTotal h100 = inv.totals().get(0);
        assertEquals(1, h100.devices());
        assertEquals(85520809984L, h100.totalBytes());
        assertTrue(
                inv.notes().get(0).startsWith("1 report describes a host"),
                inv.notes().toString());
    }

    @Test
    void aFitReportThatAnswersTheQuestionWinsOverADevicesReportOfTheSameHost() {
        HostReport devices = parse(Reports.devices("node-b", Reports.H100), "node-b.json");
        HostReport fit =
                parse(Reports.fit("node-b", "m", 8192, Reports.H100, "fits", 7 * Reports.GIB), "node-b-fit.json");
        NeedsBytes judge = new NeedsBytes(Reports.GIB);
        Inventory inv = InventoryBuilder.build(List.of(devices, fit), List.of(), judge);
        assertEquals(1, inv.fit().rows().size());
        assertEquals("report", inv.fit().rows().get(0).basis());
        assertEquals(7 * Reports.GIB, inv.fit().rows().get(0).verdict().headroomBytes());
        assertTrue(judge.asked.isEmpty());
        assertEquals("node-b.json", inv.duplicates().get(0).source());
        // without a model the devices report (every device of the host) is the one used
        Inventory plain = InventoryBuilder.build(List.of(fit, devices), List.of(), null);
        assertEquals(
                List.of("node-b.json"),
                plain.hosts().stream().map(HostReport::source).toList());
        assertEquals("node-b-fit.json", plain.duplicates().get(0).source());
    }

    @Test
    void sameUuidOnDifferentHostsOrSameNameWithOtherGpusIsNotADuplicate() {
        // different host names: two hosts, even with the same (test) UUID
        HostReport a = parse(Reports.devices("a", Reports.H100), "a.json");
        HostReport b = parse(Reports.devices("b", Reports.H100), "b.json");
        // the same name but other GPUs (two containers both called "localhost"): two hosts
        HostReport l1 = parse(Reports.devices("localhost", Reports.device(0, "NVIDIA L4", "GPU-1", 1, 1)), "l1.json");
        HostReport l2 = parse(Reports.devices("localhost", Reports.device(0, "NVIDIA L4", "GPU-2", 1, 1)), "l2.json");
        Inventory inv = InventoryBuilder.build(List.of(a, b, l1, l2), List.of(), null);
        assertEquals(4, inv.hosts().size());
        assertTrue(inv.duplicates().isEmpty());
    }
}
