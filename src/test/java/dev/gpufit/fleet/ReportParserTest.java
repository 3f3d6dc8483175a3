package dev.gpufit.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportParserTest {
    @Test
    void readsOneDevicesReportWithItsHostName() {
        ReportParser.Outcome o = ReportParser.parse(Reports.devices("node-a", Reports.H100, Reports.L4), "a.json", "a");
        assertEquals(1, o.reports().size());
        HostReport r = o.reports().get(0);
        assertEquals("node-a", r.host());
        assertEquals("a.json", r.source());
        assertEquals(2, r.devices().size());
        assertEquals(80 * Reports.GIB, r.devices().get(0).usableBytes());
        assertNull(r.fitModel());
        assertTrue(o.failures().isEmpty());
    }

    @Test
    void aStreamWithABrokenLineKeepsTheOthers() {
        String text = Reports.devices("n1", Reports.H100) + "\n"
                + "{\"schema\":\"gpufit/devices/v1\",\"devices\":[{\"total_bytes\":1\n"
                + Reports.devices("n3", Reports.L4) + "\n"
                + "{\"schema\":\"something/else\",\"devices\":[]}\n"
                + Reports.devices("n5", Reports.L4) + Reports.devices("n6", Reports.H100);
        ReportParser.Outcome o = ReportParser.parse(text, "-", "stdin");
        assertEquals(4, o.reports().size(), o.toString());
        assertEquals("n1", o.reports().get(0).host());
        assertEquals("n3", o.reports().get(1).host());
        assertEquals("n6", o.reports().get(3).host());
        assertEquals(2, o.failures().size());
        assertEquals("-#2", o.failures().get(0).source());
        assertTrue(
                o.failures().get(0).reason().startsWith("not JSON: "),
                o.failures().toString());
        assertEquals("-#4", o.failures().get(1).source());
        assertEquals(
                "not a gpufit devices or fit report: schema something/else",
                o.failures().get(1).reason());
    }

    @Test
    void fitReportsCarryTheModelAndPerDeviceVerdicts() {
        ReportParser.Outcome o = ReportParser.parse(
                Reports.fit("n1", "llama-3.1-8b", 8192, Reports.L4, "fits", 3 * Reports.GIB), "f.json", "f");
        HostReport r = o.reports().get(0);
        assertEquals("llama-3.1-8b", r.fitModel());
        assertEquals(8192L, r.fitContext());
        assertEquals("fits", r.devices().get(0).verdict().verdict());
        assertEquals(3 * Reports.GIB, r.devices().get(0).verdict().headroomBytes());
    }

    @Test
    void theHostNameFallsBackAndIsMadePrintable() {
        String noHost = "{\"schema\":\"gpufit/devices/v1\",\"devices\":[" + Reports.L4 + "]}";
        assertEquals(
                "node-b",
                ReportParser.parse(noHost, "node-b.json", "node-b")
                        .reports()
                        .get(0)
                        .host());
        String evil = Reports.devices("bad\\u001b[31mhost", Reports.L4);
        assertEquals(
                "bad?[31mhost",
                ReportParser.parse(evil, "x", "x").reports().get(0).host());
    }

    @Test
    void emptyOrNonObjectInputIsAFailure() {
        assertEquals(
                "empty: no report in it",
                ReportParser.parse("  \n", "e.json", "e").failures().get(0).reason());
        assertTrue(ReportParser.parse("[1,2]", "l.json", "l")
                .failures()
                .get(0)
                .reason()
                .contains("expected a JSON object"));
        assertEquals(
                "a device has no numeric \"total_bytes\"",
                ReportParser.parse("{\"schema\":\"gpufit/devices/v1\",\"devices\":[{}]}", "d", "d")
                        .failures()
                        .get(0)
                        .reason());
    }

    @Test
    void manyCorruptDocumentsInABigStreamAreSkippedInLinearTime() {
        StringBuilder b = new StringBuilder();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            b.append(
                    i % 2 == 0
                            ? "{\"schema\":\"gpufit/devices/v1\",\"devices\":[{\"total_bytes\":1\n"
                            : Reports.devices("n" + i, Reports.L4) + "\n");
        }
        long start = System.nanoTime();
        ReportParser.Outcome o = ReportParser.parse(b.toString(), "-", "stdin");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(n / 2, o.reports().size());
        assertEquals(n / 2, o.failures().size());
        assertEquals("n19999", o.reports().get(n / 2 - 1).host());
        assertTrue(ms < 10_000, ms + " ms"); // copying the rest per corrupt document took minutes
    }

    @Test
    void standardInputIsDecodedStrictlyLikeAFile() {
        byte[] good = Reports.devices("n1", Reports.L4).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(
                1,
                ReportFiles.read(new java.io.ByteArrayInputStream(good), "-")
                        .reports()
                        .size());
        byte[] bad = java.util.Arrays.copyOf(good, good.length + 1);
        bad[bad.length - 1] = (byte) 0xff;
        ReportParser.Outcome o = ReportFiles.read(new java.io.ByteArrayInputStream(bad), "-");
        assertTrue(o.reports().isEmpty(), o.toString());
        assertEquals(List.of(new SourceFailure("-", "not UTF-8 text")), o.failures());
    }
}
