package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpufit.agent.AgentServer;
import dev.gpufit.testing.FakeNvml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gpufit agent} in process on 127.0.0.1:0, probing through the real JNA binding and the
 * fake NVML: what a Prometheus scrape and a remote fit question see.
 */
@Timeout(90)
class AgentEndToEndTest {
    static final long TOTAL = 85_520_809_984L;
    static final long RESERVED = 567_279_616L;
    static final long USED_60_GIB = 64_424_509_440L;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private AgentCommand agent;
    private CompletableFuture<Integer> running;
    private final StringWriter agentErr = new StringWriter();

    /** Starts the agent command with its own environment; returns its base URL. */
    String start(String scenario, String... args) throws Exception {
        return start(scenario, Map.of(), args);
    }

    String start(String scenario, Map<String, String> extraEnv, String... args) throws Exception {
        FakeNvml.scenario(scenario);
        CommandLine cl = Cli.commandLine();
        agent = (AgentCommand) cl.getSubcommands().get("agent").getCommand();
        Map<String, String> env = FakeNvml.env(tmp);
        env.putAll(extraEnv);
        agent.env = env;
        CompletableFuture<AgentServer> started = new CompletableFuture<>();
        agent.onStarted = started::complete;
        cl.setErr(new PrintWriter(agentErr, true));
        String[] all = new String[args.length + 3];
        all[0] = "agent";
        all[1] = "--listen";
        all[2] = "127.0.0.1:0";
        System.arraycopy(args, 0, all, 3, args.length);
        running = CompletableFuture.supplyAsync(() -> cl.execute(all));
        AgentServer server = CompletableFuture.anyOf(started, running)
                .thenApply(x -> started.getNow(null))
                .get(30, TimeUnit.SECONDS);
        if (server == null) {
            throw new AssertionError("agent exited " + running.get() + ": " + agentErr);
        }
        return "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.stop.countDown();
            assertEquals(0, running.get(10, TimeUnit.SECONDS));
        }
    }

    HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** `gpufit fit ... --format json` in process, on the same fake. */
    JsonNode cliFit(String... args) throws Exception {
        CommandLine cl = Cli.commandLine();
        ((FitCommand) cl.getSubcommands().get("fit").getCommand()).env = FakeNvml.env(tmp);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.execute(args);
        return JSON.readTree(out.toString());
    }

    @Test
    void metricsCarryTheFakeGpusAndTheWatchedModels() throws Exception {
        String base = start(FakeNvml.TWO_H100_AND_MIG, "--watch", "llama-3.1-8b@8192,meta-llama/Llama-3.1-70B");
        HttpResponse<String> r = get(base + "/metrics");
        assertEquals(200, r.statusCode());
        String m = r.body();
        String gpu0 =
                "index=\"0\",kind=\"discrete\",name=\"NVIDIA H100 80GB HBM3\",uuid=\"GPU-0d3f5a1c-1111-2222-3333-444455556666\",vendor=\"nvidia\"";
        String gpu1 =
                "index=\"1\",kind=\"discrete\",name=\"NVIDIA H100 80GB HBM3\",uuid=\"GPU-7a9e2b44-1111-2222-3333-444455556666\",vendor=\"nvidia\"";
        assertTrue(m.contains("gpufit_device_memory_total_bytes{" + gpu0 + "} " + (double) TOTAL), m);
        assertTrue(
                m.contains(
                        "gpufit_device_memory_free_bytes{" + gpu1 + "} " + (double) (TOTAL - RESERVED - USED_60_GIB)),
                m);
        // MIG is on for GPU 0: its memory is usable only through the MIG instance
        assertTrue(m.contains("gpufit_device_memory_usable_bytes{" + gpu0 + "} 0.0"), m);
        assertTrue(
                m.contains(
                        "gpufit_device_memory_usable_bytes{" + gpu1 + "} " + (double) (TOTAL - RESERVED - USED_60_GIB)),
                m);
        assertTrue(
                m.contains(
                        "kind=\"mig\",name=\"NVIDIA H100 80GB HBM3 MIG 3g.40gb\",uuid=\"MIG-3c2b1a00-aaaa-bbbb-cccc-ddddeeeeffff\""),
                m);
        assertTrue(m.contains("kind=\"host\""), m);

        // the watched model's figures are the fit command's, device by device
        JsonNode fit = cliFit("fit", "llama-3.1-8b", "--context", "8192", "--format", "json");
        for (JsonNode d : fit.get("devices")) {
            String labels = "{context=\"8192\",index=\"" + d.get("index").asText() + "\",model=\"llama-3.1-8b\",uuid=\""
                    + d.get("uuid").asText() + "\"}";
            assertTrue(
                    m.contains(
                            "gpufit_model_fits" + labels + " " + (d.get("fits").asBoolean() ? "1.0" : "0.0")),
                    labels + "\n" + m);
            assertTrue(
                    m.contains("gpufit_model_headroom_bytes" + labels + " "
                            + d.get("headroom_bytes").asDouble()),
                    labels + "\n" + m);
        }
        // a 70B model in bf16 is judged on the plain H100 and the MIG instance; GPU 0 has MIG
        // enabled, so it is judged only through its instance
        assertTrue(
                m.contains("gpufit_model_fits{context=\"default\",index=\"1\",model=\"meta-llama/Llama-3.1-70B\""), m);
        assertFalse(
                m.contains("gpufit_model_fits{context=\"default\",index=\"0\",model=\"meta-llama/Llama-3.1-70B\""), m);
        assertTrue(m.contains("gpufit_probe_errors_total 0.0"), m);
        assertTrue(m.contains("gpufit_probe_stale 0.0"), m);
        assertTrue(m.contains("gpufit_watch_errors 0.0"), m);
    }

    /** The answer without its notes, advice and warnings: the figures and verdicts the CLI and the agent share. */
    static JsonNode withoutWording(JsonNode fit) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = fit.deepCopy();
        copy.remove(List.of("advice", "notes", "warnings"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("estimate")).remove("notes");
        return copy;
    }

    /**
     * The text without the engines' own flags, which an answer names as the engine's
     * ({@code llama.cpp's --parallel}, {@code vLLM's --gpu-memory-utilization}): what is left may
     * not name a flag, since gpufit's flags are the command line's.
     */
    static String withoutEngineFlags(String text) {
        return text.replaceAll("(llama\\.cpp's|vLLM's|its) --[a-z-]+", "")
                .replace("llama.cpp splits layers across GPUs (--split-mode layer)", "");
    }

    /** The same notes, advice and warnings, each naming settings as /v1/fit takes them: never a CLI flag. */
    static void assertSameNotesInHttpWords(JsonNode cli, JsonNode agent, String query) {
        for (JsonNode[] pair : new JsonNode[][] {
            {cli.get("advice"), agent.get("advice")},
            {cli.get("notes"), agent.get("notes")},
            {cli.get("warnings"), agent.get("warnings")},
            {cli.get("estimate").get("notes"), agent.get("estimate").get("notes")}
        }) {
            assertEquals(pair[0].size(), pair[1].size(), query + ": " + pair[1]);
            for (int i = 0; i < pair[0].size(); i++) {
                String c = pair[0].get(i).asText();
                String h = pair[1].get(i).asText();
                assertFalse(withoutEngineFlags(h).matches("(?s).*(^|[ (])--[a-z].*"), query + ": a CLI flag in " + h);
                assertFalse(h.contains("gpufit catalog"), query + ": a gpufit command in " + h);
                if (!c.contains("--")) {
                    assertEquals(c, h, query + ": a note naming no setting reads the same");
                }
            }
        }
    }

    @Test
    void fitEndpointAdviceNamesHttpParameters() throws Exception {
        String base = start(FakeNvml.TWO_H100_AND_MIG);
        // 8B at bf16 with these contexts does not fit the 19 GiB free on GPU 1: the advice names
        // what /v1/fit takes, where the CLI names its flags
        JsonNode longCtx = agreeingFit(base, "256k");
        String advice = longCtx.get("advice").toString();
        assertTrue(advice.contains(" tokens (context="), advice);
        // the fake GPU is an H100: the catalog entry like it, in a complete /v1/fit query
        assertTrue(advice.contains("plan them as the catalog's h100-80gb: model=llama-3.1-8b&context=262144&"), advice);
        assertTrue(advice.contains("&device=catalog:h100-80gb:8&tp=8)"), advice);
        assertFalse(advice.contains("gpufit catalog"), "no gpufit command in an HTTP answer: " + advice);
        String warnings = longCtx.get("warnings").toString();
        assertTrue(warnings.contains("\"context=262144 exceeds the model's maximum of 131072 tokens"), warnings);
        String notes = longCtx.get("estimate").get("notes").toString();
        assertTrue(notes.contains("\"no kv_dtype given: KV cache at 16 bits (bf16)\""), notes);
        assertTrue(notes.contains("\"context=262144 exceeds the model's maximum of 131072 tokens\""), notes);
        String quantized = agreeingFit(base, "64k").get("advice").toString();
        assertTrue(quantized.contains("a quantization that fits at context 65536: dtype="), quantized);
    }

    /** /v1/fit of llama-3.1-8b on GPU 1 at the context, checked against the CLI's answer; the agent's answer. */
    private JsonNode agreeingFit(String base, String context) throws Exception {
        HttpResponse<String> r = get(base + "/v1/fit?model=llama-3.1-8b&device=1&context=" + context);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode agent = JSON.readTree(r.body());
        JsonNode cli = cliFit("fit", "llama-3.1-8b", "--device", "1", "--context", context, "--format", "json");
        assertEquals(withoutWording(cli), withoutWording(agent), context);
        assertSameNotesInHttpWords(cli, agent, context);
        assertTrue(cli.get("advice").toString().contains("(--context "), cli.toString());
        return agent;
    }

    @Test
    void fitEndpointAnswersExactlyWhatTheCliPrints() throws Exception {
        String base = start(FakeNvml.TWO_H100_AND_MIG);
        for (String[] q : new String[][] {
            {"model=llama-3.1-8b&context=8192", "llama-3.1-8b", "--context", "8192"},
            {
                "model=meta-llama%2FLlama-3.1-8B&batch=4&dtype=fp8&device=1",
                "meta-llama/Llama-3.1-8B",
                "--batch",
                "4",
                "--dtype",
                "fp8",
                "--device",
                "1"
            },
            {
                "model=llama-3.1-8b&tp=2&kv_dtype=fp8&context=32k&device=catalog:h100-80gb:2",
                "llama-3.1-8b",
                "--tp",
                "2",
                "--kv-dtype",
                "fp8",
                "--context",
                "32k",
                "--device",
                "catalog:h100-80gb:2"
            },
            {"model=llama-3.1-8b&device=catalog:h100-80gb", "llama-3.1-8b", "--device", "catalog:h100-80gb"},
            // the engines' notes and advice (partial offload, vLLM's share) name the engines' own flags
            {
                "model=llama-3.1-8b&engine=llama.cpp&device=1&context=128k",
                "llama-3.1-8b",
                "--engine",
                "llama.cpp",
                "--device",
                "1",
                "--context",
                "128k"
            },
            {"model=llama-3.1-8b&engine=vllm&device=1", "llama-3.1-8b", "--engine", "vllm", "--device", "1"},
            {
                "model=llama-3.1-8b&engine=vllm&device=0,1&budget=total",
                "llama-3.1-8b",
                "--engine",
                "vllm",
                "--device",
                "0,1",
                "--budget",
                "total"
            },
        }) {
            HttpResponse<String> r = get(base + "/v1/fit?" + q[0]);
            assertEquals(200, r.statusCode(), q[0] + ": " + r.body());
            String[] cli = new String[q.length + 2];
            cli[0] = "fit";
            System.arraycopy(q, 1, cli, 1, q.length - 1);
            cli[q.length] = "--format";
            cli[q.length + 1] = "json";
            JsonNode agent = JSON.readTree(r.body());
            JsonNode expected = cliFit(cli);
            assertEquals(withoutWording(expected), withoutWording(agent), q[0]);
            assertSameNotesInHttpWords(expected, agent, q[0]);
        }
        // here the visible devices are a MIG instance and a GPU: CUDA cannot span them, as the CLI says
        HttpResponse<String> acrossMig = get(base + "/v1/fit?model=llama-3.1-8b&tp=2");
        assertEquals(400, acrossMig.statusCode(), acrossMig.body());
        assertTrue(acrossMig.body().contains("CUDA cannot span MIG instances"), acrossMig.body());
        HttpResponse<String> unknown = get(base + "/v1/fit?model=no-such-model");
        assertEquals(400, unknown.statusCode());
        assertTrue(JSON.readTree(unknown.body()).get("error").asText().startsWith("unknown model 'no-such-model'"));
        // an existing directory named like a repo id is still not read
        Files.createDirectories(Path.of("target", "agent-e2e", "org"));
        assertEquals(400, get(base + "/v1/fit?model=target%2Fagent-e2e").statusCode());
        assertEquals(400, get(base + "/v1/fit?model=%2Fetc%2Fpasswd").statusCode());
    }

    @Test
    void fitErrorsNameTheQueryParametersNeverTheCliFlags() throws Exception {
        String base = start(FakeNvml.TWO_H100_AND_MIG);
        String[][] cases = {
            {"model=llama-3.1-8b&kv_dtype=q9", "unknown kv_dtype 'q9'; valid: "},
            {"model=llama-3.1-8b&engine=nope", "unknown engine 'nope'; available: "},
            {"model=llama-3.1-8b&context=0", "context: "},
            {"model=llama-3.1-8b&context=lots", "context: "},
            // a MIG instance and a GPU are visible here
            {"model=llama-3.1-8b&tp=3", "tp=3 needs 3 devices, but 2 selected; use device=catalog:NAME:3 "},
            {"model=llama-3.1-8b&tp=2", "tp=2 would put MIG instance "},
            {"model=llama-3.1-8b&tp=3&device=catalog:h100-80gb:3", "tp=3 cannot split llama-3.1-8b: "},
            {"model=llama-3.1-8b&tp=2&engine=llama.cpp&device=catalog:h100-80gb:2", "tp=2 does not apply to engine="},
            // refusals from the device selector, the device catalog and the estimator
            {"model=llama-3.1-8b&device=xyz", "device=xyz: no such device here (found: "},
            {"model=llama-3.1-8b&device=7", "device=7: no device with that index here (found: "},
            {"model=llama-3.1-8b&device=GPU-", "device=GPU- is ambiguous: it starts the UUIDs of "},
            {"model=llama-3.1-8b&device=catalog:h100-80gb:0", "device=catalog:h100-80gb:0: COUNT must be "},
            {"model=llama-3.1-8b&device=catalog:a:b:c", "device=catalog:NAME[:COUNT] expected, got "},
            {"model=llama-3.1-8b&device=catalog:no-such-gpu", "unknown catalog device 'no-such-gpu'; closest: "},
            {"model=llama-3.1-8b&engine=vllm&kv_dtype=q8_0", "kv_dtype=q8_0 is not a KV cache type of vllm; vllm takes "
            },
            {"model=llama-3.1-8b&budget=lots", "budget must be free or total"},
        };
        Pattern cliFlag = Pattern.compile("--(kv-dtype|engine|context|tp|device|batch|dtype|budget|gpu-layers)\\b");
        for (String[] c : cases) {
            HttpResponse<String> r = get(base + "/v1/fit?" + c[0]);
            assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
            String error = JSON.readTree(r.body()).path("error").asText();
            assertTrue(error.startsWith(c[1]), c[0] + ": " + error);
            assertFalse(cliFlag.matcher(error).find(), c[0] + ": " + error);
            assertFalse(withoutEngineFlags(error).contains("--"), c[0] + ": " + error);
            assertFalse(error.matches(".*gpufit (catalog|devices|fit|plan|estimate) .*"), c[0] + ": " + error);
            assertFalse(error.contains("gpu-layers="), c[0] + ": not a parameter of /v1/fit: " + error);
        }
        // the same refusals on the command line name its flags, word for word as before
        CommandLine cl = Cli.commandLine();
        ((FitCommand) cl.getSubcommands().get("fit").getCommand()).env = FakeNvml.env(tmp);
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("fit", "llama-3.1-8b", "--device", "xyz"));
        assertTrue(err.toString().startsWith("gpufit: --device xyz: no such device here (found: "), err.toString());
    }

    @Test
    void devicesEndpointIsTheDevicesCommandWithoutEnvironment() throws Exception {
        Map<String, String> env = FakeNvml.env(tmp, "CUDA_VISIBLE_DEVICES", "1,0");
        FakeNvml.scenario(FakeNvml.TWO_H100);
        CommandLine cl = Cli.commandLine();
        agent = (AgentCommand) cl.getSubcommands().get("agent").getCommand();
        agent.env = env;
        CompletableFuture<AgentServer> started = new CompletableFuture<>();
        agent.onStarted = started::complete;
        cl.setErr(new PrintWriter(agentErr, true));
        running = CompletableFuture.supplyAsync(() -> cl.execute("agent", "--listen", "127.0.0.1:0"));
        String base = "http://127.0.0.1:"
                + started.get(30, TimeUnit.SECONDS).address().getPort();
        JsonNode j = JSON.readTree(get(base + "/v1/devices").body());
        assertEquals("gpufit/devices/v1", j.get("schema").asText());
        assertEquals(
                "GPU-7a9e2b44-1111-2222-3333-444455556666",
                j.get("devices").get(0).get("uuid").asText());
        assertFalse(j.get("host").has("cuda_visible_devices"), j.toString());
        assertTrue(j.get("host").has("hostname"));
    }

    @Test
    void aHungDriverServesTheLastGoodAnswerMarkedStale() throws Exception {
        String base = start(FakeNvml.TWO_H100, "--probe-interval", "200ms", "--probe-timeout", "500ms");
        try {
            assertEquals(
                    2 + 1,
                    JSON.readTree(get(base + "/v1/devices").body())
                            .get("devices")
                            .size());
            // the hung call outlasts the checks below by far, so the answer stays stale while they run
            FakeNvml.scenario(FakeNvml.TWO_H100 + "delay call=nvmlDeviceGetCount_v2 ms=8000\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonNode stale = JSON.readTree(get(base + "/v1/devices").body());
            while (!stale.path("stale").asBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                stale = JSON.readTree(get(base + "/v1/devices").body());
            }
            assertTrue(stale.path("stale").asBoolean(), stale.toString());
            assertEquals(3, stale.get("devices").size());
            String m = get(base + "/metrics").body();
            assertTrue(m.contains("gpufit_probe_stale 1.0"), m);
            assertTrue(metric(m, "gpufit_probe_errors_total") >= 1, m);
            assertTrue(m.contains("gpufit_device_memory_total_bytes{index=\"1\""), m);
            JsonNode fit =
                    JSON.readTree(get(base + "/v1/fit?model=llama-3.1-8b").body());
            assertTrue(fit.get("stale").asBoolean());
        } finally {
            FakeNvml.scenario(FakeNvml.TWO_H100); // let later tests find a driver that answers
        }
    }

    @Test
    void aHungDriverNeverDelaysAScrapeAndAFitWithoutAProbeIs503() throws Exception {
        try {
            // hung from the start: no probe ever completes
            String base = start(
                    FakeNvml.TWO_H100 + "delay call=nvmlDeviceGetCount_v2 ms=20000\n",
                    "--probe-interval",
                    "1ms",
                    "--probe-timeout",
                    "2s");
            long slowest = 0;
            String m = "";
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = get(base + "/metrics");
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                assertEquals(200, r.statusCode());
                m = r.body();
            }
            // 100 ms on an idle machine; the margin is for a loaded one, far below the 2 s timeout
            assertTrue(slowest < 1000, "slowest scrape " + slowest + " ms");
            assertTrue(m.contains("gpufit_probe_stale 1.0"), m);
            assertTrue(metric(m, "gpufit_probe_errors_total") >= 1, m);

            long t0 = System.nanoTime();
            HttpResponse<String> fit = get(base + "/v1/fit?model=llama-3.1-8b");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000, "the fit answer waited for the driver");
            assertEquals(503, fit.statusCode(), fit.body());
            assertTrue(fit.body().contains("nvml"), fit.body());
            assertFalse(fit.body().contains("\"verdict\""), fit.body());
        } finally {
            FakeNvml.scenario(FakeNvml.TWO_H100);
        }
    }

    @Test
    void aFailedDriverIsAnswered503NotHostRam() throws Exception {
        try {
            String base = start("error call=nvmlInit_v2 code=18\n" + FakeNvml.TWO_H100);
            HttpResponse<String> fit = get(base + "/v1/fit?model=llama-3.1-8b");
            assertEquals(503, fit.statusCode(), fit.body());
            assertTrue(fit.body().contains("driver/library version mismatch"), fit.body());
        } finally {
            FakeNvml.scenario(FakeNvml.TWO_H100);
        }
    }

    /** The value of an unlabelled sample in a Prometheus text page. */
    static double metric(String page, String name) {
        for (String line : page.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).strip());
            }
        }
        throw new AssertionError(name + " missing from " + page);
    }

    @Test
    void aPortInUseIsBadUsageNamingTheAddress() throws Exception {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String addr = "127.0.0.1:" + taken.getLocalPort();
            CommandLine cl = Cli.commandLine();
            ((AgentCommand) cl.getSubcommands().get("agent").getCommand()).env = FakeNvml.env(tmp);
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err));
            assertEquals(2, cl.execute("agent", "--listen", addr), err.toString());
            assertTrue(err.toString().startsWith("gpufit: cannot listen on " + addr + ": "), err.toString());
            assertFalse(
                    err.toString().contains("internal error") || err.toString().contains("\tat "), err.toString());
        }
    }

    @Test
    void aTokenFileGuardsEveryEndpointButHealthz() throws Exception {
        Path token = tmp.resolve("token");
        Files.writeString(token, "  9f8e7d6c5b4a  \n");
        String base = start(FakeNvml.TWO_H100, "--token-file", token.toString());
        assertEquals(401, get(base + "/metrics").statusCode());
        assertEquals(401, get(base + "/v1/fit?model=llama-3.1-8b").statusCode());
        assertEquals(
                200,
                get(base + "/metrics", "Authorization", "Bearer 9f8e7d6c5b4a").statusCode());
        assertEquals(200, get(base + "/healthz").statusCode());
    }

    @Test
    void aWatchOfAnUnknownModelOrAPathIsBadUsage() {
        FakeNvml.scenario(FakeNvml.TWO_H100);
        for (String watch : new String[] {"no-such-model@8192", "../models/x"}) {
            CommandLine cl = Cli.commandLine();
            ((AgentCommand) cl.getSubcommands().get("agent").getCommand()).env = FakeNvml.env(tmp);
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err));
            assertEquals(2, cl.execute("agent", "--listen", "127.0.0.1:0", "--watch", watch), err.toString());
            assertTrue(err.toString().startsWith("gpufit: "), err.toString());
        }
    }

    @Test
    void repoIdsFromTheLocalHfCacheAreAnsweredWithoutRevealingPaths() throws Exception {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Path repo = tmp.resolve("hub/models--acme--tiny-llama");
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);
        Path snap = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
        Files.writeString(snap.resolve("config.json"), dev.gpufit.model.files.ModelFixtures.LLAMA3_8B_CONFIG);
        Files.createDirectories(tmp.resolve("hub/models--acme--broken/refs"));
        Files.writeString(tmp.resolve("hub/models--acme--broken/refs/main"), commit);

        String base = start(
                FakeNvml.TWO_H100, Map.of("HF_HUB_CACHE", tmp.resolve("hub").toString()));
        HttpResponse<String> ok = get(base + "/v1/fit?model=acme/tiny-llama&device=catalog:h100-80gb");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode fit = JSON.readTree(ok.body());
        assertEquals(
                "acme/tiny-llama", fit.get("estimate").get("model").get("id").asText());
        assertEquals(
                8_030_261_248L,
                fit.get("estimate").get("model").get("parameters").asLong());

        HttpResponse<String> broken = get(base + "/v1/fit?model=acme/broken&device=catalog:h100-80gb");
        assertEquals(400, broken.statusCode(), broken.body());
        assertFalse(broken.body().contains(tmp.toString()), "no host path in a network answer: " + broken.body());
    }
}
