package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.agent.AgentServer;
import dev.gpufit.testing.FakeNvml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * fleet over what hosts really write: reports from 'gpufit devices|fit --format json' on the
 * fake NVML, a corrupt file, a live agent and a closed port, all on loopback.
 */
@Timeout(90)
class FleetEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long TOTAL = 85_520_809_984L;
    static final long GIB = 1L << 30;

    @TempDir
    Path tmp;

    static String h100(int n, long used) {
        return "device name=\"NVIDIA H100 80GB HBM3\" uuid=GPU-0d3f5a1c-1111-2222-3333-44445555666" + n
                + " pci=00000000:1" + n + ":00.0 total=" + TOTAL + " reserved=567279616 used=" + used + " cc=9.0\n";
    }

    /** Runs a report-writing command on the fake and returns its stdout. */
    String report(String host, String scenario, String... args) {
        FakeNvml.scenario(scenario);
        java.util.Map<String, String> env = FakeNvml.env(tmp, "HOSTNAME", host);
        CommandLine cl = Cli.commandLine();
        Object cmd = cl.getSubcommands().get(args[0]).getCommand();
        if (cmd instanceof DevicesCommand d) {
            d.env = env;
        } else if (cmd instanceof FitCommand f) {
            f.env = env;
        }
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.execute(args);
        return out.toString();
    }

    @Test
    void fleetRanksHostsByHeadroomFromReportsAndAgents() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("reports"));
        // host-a: an idle H100 (devices report); host-b: a busy one (devices report);
        // host-c: its own fit report for the same model and context (named by its host object)
        Files.writeString(dir.resolve("host-a.json"), report("host-a", h100(0, 0), "devices", "--format", "json"));
        Files.writeString(
                dir.resolve("host-b.json"), report("host-b", h100(1, 70 * GIB), "devices", "--format", "json"));
        Files.writeString(
                dir.resolve("host-c.json"),
                report("host-c", h100(2, 40 * GIB), "fit", "llama-3.1-8b", "--context", "8192", "--format", "json"));
        Files.writeString(dir.resolve("broken.json"), "{\"schema\": \"gpufit/devices/v1\", \"devices\": [");

        // a live agent on the fake, with 20 GiB used on its GPU
        FakeNvml.scenario(h100(3, 20 * GIB));
        CommandLine agentCl = Cli.commandLine();
        AgentCommand agent =
                (AgentCommand) agentCl.getSubcommands().get("agent").getCommand();
        agent.env = FakeNvml.env(tmp);
        CompletableFuture<AgentServer> started = new CompletableFuture<>();
        agent.onStarted = started::complete;
        agentCl.setErr(new PrintWriter(new StringWriter()));
        CompletableFuture<Integer> running =
                CompletableFuture.supplyAsync(() -> agentCl.execute("agent", "--listen", "127.0.0.1:0"));
        String agentUrl = "http://127.0.0.1:"
                + started.get(30, TimeUnit.SECONDS).address().getPort();
        String closed = "http://127.0.0.1:" + FleetCommandTest.closedPort();
        try {
            CommandLine cl = Cli.commandLine();
            ((FleetCommand) cl.getSubcommands().get("fleet").getCommand()).env = FakeNvml.env(tmp);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(
                    "fleet",
                    dir.toString(),
                    agentUrl,
                    closed,
                    "--model",
                    "llama-3.1-8b",
                    "--context",
                    "8192",
                    "--format",
                    "json",
                    "--timeout",
                    "3");
            assertEquals(0, code, err.toString());
            JsonNode j = JSON.readTree(out.toString());
            JsonNode fit = j.get("fit");
            List<String> order = new ArrayList<>();
            List<String> basis = new ArrayList<>();
            List<Long> headroom = new ArrayList<>();
            for (JsonNode d : fit.get("devices")) {
                order.add(d.get("host").asText());
                basis.add(d.get("basis").asText());
                headroom.add(d.get("headroom_bytes").asLong());
            }
            String agentHost = j.get("hosts").get(3).get("host").asText();
            // most headroom first: idle, 20 GiB used (agent), 40 GiB used (own report), 70 GiB used
            assertEquals(List.of("host-a", agentHost, "host-c", "host-b"), order, fit.toString());
            assertEquals(List.of("judged", "report", "report", "judged"), basis);
            assertEquals(20 * GIB, headroom.get(0) - headroom.get(1), "idle vs 20 GiB used");
            assertEquals(20 * GIB, headroom.get(1) - headroom.get(2), "20 vs 40 GiB used");
            assertEquals(3, fit.get("hosts_fitting").asInt());
            // the judgement here equals what 'gpufit fit' says on that host
            JsonNode onA = JSON.readTree(
                    report("host-a", h100(0, 0), "fit", "llama-3.1-8b", "--context", "8192", "--format", "json"));
            assertEquals(onA.get("devices").get(0).get("headroom_bytes").asLong(), headroom.get(0));
            List<String> failed = new ArrayList<>();
            j.get("failures")
                    .forEach(f -> failed.add(
                            f.get("source").asText() + " | " + f.get("reason").asText()));
            assertEquals(2, failed.size(), failed.toString());
            assertTrue(failed.get(0).startsWith(dir.resolve("broken.json") + " | not JSON"), failed.toString());
            assertEquals(closed + " | connection refused or unreachable", failed.get(1));
        } finally {
            agent.stop.countDown();
            running.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The review's case: a MIG-enabled H100 (its instance on the same host), and the same host
     * read twice, from a devices report saved on it and from its agent.
     */
    @Test
    void aMigParentIsNotJudgedAndTheSameHostFromAFileAndItsAgentCountsOnce() throws Exception {
        String node = h100(0, 0) + h100(1, 60 * GIB)
                + "mig parent=0 name=\"NVIDIA H100 80GB HBM3 MIG 3g.40gb\" uuid=MIG-3c2b1a00-aaaa-bbbb-cccc-ddddeeeeffff"
                + " total=42949672960 used=0\n";
        Path file = tmp.resolve("node-b.json");
        Files.writeString(file, report("node-b", node, "devices", "--format", "json"));

        FakeNvml.scenario(node);
        CommandLine agentCl = Cli.commandLine();
        AgentCommand agent =
                (AgentCommand) agentCl.getSubcommands().get("agent").getCommand();
        agent.env = FakeNvml.env(tmp, "HOSTNAME", "node-b");
        CompletableFuture<AgentServer> started = new CompletableFuture<>();
        agent.onStarted = started::complete;
        agentCl.setErr(new PrintWriter(new StringWriter()));
        CompletableFuture<Integer> running =
                CompletableFuture.supplyAsync(() -> agentCl.execute("agent", "--listen", "127.0.0.1:0"));
        String agentUrl = "http://127.0.0.1:"
                + started.get(30, TimeUnit.SECONDS).address().getPort();
        try {
            // inventory: one host, the agent's answer used; the parent listed but not in the totals
            FleetCommandTest.Run inv = FleetCommandTest.run("fleet", agentUrl, file.toString(), "--timeout", "5");
            assertEquals(0, inv.code(), inv.err());
            assertTrue(
                    inv.out()
                            .lines()
                            .anyMatch(l -> l.startsWith("node-b  0    NVIDIA H100 80GB HBM3")
                                    && l.endsWith("MIG enabled: see instances")),
                    inv.out());
            assertTrue(
                    inv.out().lines().anyMatch(l -> l.matches("NVIDIA H100 80GB HBM3 +1 +1 +79\\.65 GiB .*")),
                    inv.out());
            assertTrue(
                    inv.out()
                            .lines()
                            .anyMatch(l -> l.matches("NVIDIA H100 80GB HBM3 MIG 3g\\.40gb +1 +1 +40\\.00 GiB .*")),
                    inv.out());
            assertTrue(inv.out().lines().anyMatch(l -> l.startsWith(file + "  node-b  " + agentUrl)), inv.out());

            // with a model: the agent's /v1/fit is used, and judges what gpufit fit judges
            CommandLine cl = Cli.commandLine();
            ((FleetCommand) cl.getSubcommands().get("fleet").getCommand()).env = FakeNvml.env(tmp);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(
                    "fleet",
                    file.toString(),
                    agentUrl,
                    "--model",
                    "llama-3.1-8b",
                    "--context",
                    "8192",
                    "--format",
                    "json",
                    "--timeout",
                    "5");
            assertEquals(0, code, err.toString());
            JsonNode j = JSON.readTree(out.toString());
            assertEquals(1, j.get("hosts").size(), j.toString());
            // the host's /v1/fit lists only the devices it judged: no parent there
            assertEquals(2, j.get("hosts").get(0).get("devices").size(), j.toString());
            assertEquals(2, j.get("sources").get("reports_read").asInt());
            assertEquals(1, j.get("sources").get("duplicates").asInt());
            assertEquals(
                    file.toString(), j.get("duplicates").get(0).get("source").asText());
            assertEquals(
                    agentUrl, j.get("duplicates").get(0).get("used_instead").asText());
            List<String> judged = new ArrayList<>();
            j.get("fit")
                    .get("devices")
                    .forEach(d -> judged.add(
                            d.get("uuid").asText() + " " + d.get("basis").asText()));
            FakeNvml.scenario(node);
            JsonNode local = JSON.readTree(
                    report("node-b", node, "fit", "llama-3.1-8b", "--context", "8192", "--format", "json"));
            List<String> localUuids = new ArrayList<>();
            local.get("devices").forEach(d -> localUuids.add(d.get("uuid").asText() + " report"));
            assertEquals(2, judged.size(), judged.toString());
            assertEquals(new java.util.TreeSet<>(localUuids), new java.util.TreeSet<>(judged));
            assertTrue(
                    judged.stream().noneMatch(u -> u.startsWith("GPU-0d3f5a1c-1111-2222-3333-444455556660")),
                    judged.toString());

            JsonNode plain = JSON.readTree(FleetCommandTest.run("fleet", file.toString(), "--format", "json")
                    .out());
            List<Boolean> migEnabled = new ArrayList<>();
            plain.get("hosts")
                    .get(0)
                    .get("devices")
                    .forEach(d -> migEnabled.add(d.get("mig_enabled").asBoolean()));
            assertEquals(List.of(true, false, false, false), migEnabled);
            assertTrue(
                    plain.get("notes").get(0).asText().startsWith("1 GPU has MIG enabled"),
                    plain.get("notes").toString());
            String csv = FleetCommandTest.run("fleet", file.toString(), "--format", "csv")
                    .out();
            assertTrue(
                    csv.lines()
                            .anyMatch(l ->
                                    l.startsWith("node-b,") && l.contains(",discrete,") && l.endsWith(",false,true,")),
                    csv);

            // judged here from the file alone: the parent is skipped just the same
            FleetCommandTest.Run alone = FleetCommandTest.run("fleet", file.toString(), "--model", "llama-3.1-8b");
            assertEquals(0, alone.code(), alone.err());
            assertTrue(alone.out().startsWith("llama-3.1-8b: fits on 2 of 2 devices, 1 of 1 hosts"), alone.out());
            assertTrue(alone.out().contains("Note: 1 GPU has MIG enabled"), alone.out());
        } finally {
            agent.stop.countDown();
            running.get(10, TimeUnit.SECONDS);
        }
    }
}
