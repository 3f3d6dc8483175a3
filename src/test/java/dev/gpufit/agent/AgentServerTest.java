package dev.gpufit.agent;

import static dev.gpufit.agent.AgentFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpufit.BadInputException;
import dev.gpufit.app.FitRequest;
import dev.gpufit.app.ProbeCache;
import dev.gpufit.app.WorkloadRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent on 127.0.0.1:0 with a fixed probe: endpoints, metrics, and every refusal. */
@Timeout(30)
class AgentServerTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private AgentServer server;
    private AgentFixtures.FixedProbe probe;

    private String start(BearerToken token, List<Watch> watches) throws IOException {
        probe = new AgentFixtures.FixedProbe(AgentFixtures.H100, AgentFixtures.L4);
        ProbeCache cache = new ProbeCache(probe, Duration.ofSeconds(60), Duration.ofSeconds(5));
        AgentMetrics metrics = new AgentMetrics(new WatchEvaluator(AgentFixtures.FITS, watches, null));
        server = new AgentServer(
                AgentConfig.loopback(0).withToken(token).withShutdownGrace(Duration.ZERO),
                cache,
                AgentFixtures.FITS,
                metrics);
        server.start();
        return "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsCarryDeviceAndWatchedModelFigures() throws Exception {
        String base = start(null, Watch.parseAll(List.of("small@4096,big")));
        HttpResponse<String> r = get(base + "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String m = r.body();
        assertTrue(
                m.contains(
                        "gpufit_device_memory_total_bytes{index=\"0\",kind=\"discrete\",name=\"NVIDIA H100 80GB HBM3\","
                                + "uuid=\"GPU-0d3f5a1c-1111-2222-3333-444455556666\",vendor=\"nvidia\"} 8.5520809984E10"),
                m);
        assertTrue(
                m.contains("gpufit_device_memory_free_bytes{index=\"1\",kind=\"discrete\",name=\"NVIDIA L4\","
                        + "uuid=\"GPU-aaaa0000-1111-2222-3333-444455556666\",vendor=\"nvidia\"} 2.0E10"),
                m);
        assertTrue(m.contains("gpufit_device_memory_usable_bytes{index=\"0\""), m);
        // small (10 GiB) fits both; big (30 GiB) only the H100
        assertTrue(
                m.contains("gpufit_model_fits{context=\"4096\",index=\"1\",model=\"small\","
                        + "uuid=\"GPU-aaaa0000-1111-2222-3333-444455556666\"} 1"),
                m);
        assertTrue(
                m.contains("gpufit_model_fits{context=\"default\",index=\"1\",model=\"big\","
                        + "uuid=\"GPU-aaaa0000-1111-2222-3333-444455556666\"} 0"),
                m);
        assertTrue(
                m.contains("gpufit_model_fits{context=\"default\",index=\"0\",model=\"big\","
                        + "uuid=\"GPU-0d3f5a1c-1111-2222-3333-444455556666\"} 1"),
                m);
        long bigOnL4 = 20000000000L - 30 * AgentFixtures.GIB;
        assertTrue(
                m.contains("gpufit_model_headroom_bytes{context=\"default\",index=\"1\",model=\"big\","
                        + "uuid=\"GPU-aaaa0000-1111-2222-3333-444455556666\"} " + (double) bigOnL4),
                m);
        assertTrue(m.contains("# TYPE gpufit_probe_errors_total counter"), m);
        assertTrue(m.contains("gpufit_probe_errors_total 0"), m);
        assertTrue(m.contains("gpufit_probe_stale 0"), m);
        assertTrue(m.contains("gpufit_probe_duration_seconds "), m);
        // a second scrape reuses the cached probe
        get(base + "/metrics");
        assertEquals(1, probe.calls.get());
    }

    @Test
    void devicesEndpointServesTheDevicesJson() throws Exception {
        String base = start(null, List.of());
        HttpResponse<String> r = get(base + "/v1/devices");
        assertEquals(200, r.statusCode());
        JsonNode j = JSON.readTree(r.body());
        assertEquals("gpufit/devices/v1", j.path("schema").asText());
        assertEquals(2, j.path("devices").size());
        assertFalse(j.has("stale"));
        assertEquals("node-a", j.path("host").path("hostname").asText());
        // nothing about the environment or the filesystem leaves the machine
        assertFalse(j.path("host").has("cuda_visible_devices"), r.body());
        assertEquals(
                "nvml: could not load <path> (test)", j.path("warnings").get(0).asText());
        assertFalse(r.body().contains("/usr/lib"), r.body());
        assertEquals("ok\n", get(base + "/healthz").body());
    }

    @Test
    void fitEndpointServesTheFitJsonOfTheService() throws Exception {
        String base = start(null, List.of());
        HttpResponse<String> r = get(base + "/v1/fit?model="
                + URLEncoder.encode("meta-llama/Llama-3.1-8B", StandardCharsets.UTF_8) + "&context=8k&batch=1");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode expected = AgentFixtures.FITS.fit(
                new FitRequest(
                        "meta-llama/Llama-3.1-8B",
                        new WorkloadRequest(1, 8192L, null, null, null, null, null, null, null),
                        null,
                        null),
                AgentFixtures.inventory(List.of(AgentFixtures.H100, AgentFixtures.L4)));
        assertEquals(JSON.writeValueAsString(expected), r.body());
    }

    @Test
    void pathsAndBadParametersAre400WithAJsonError() throws Exception {
        String base = start(null, List.of());
        for (String model : List.of(
                "/etc/passwd",
                "../x",
                "./config.json",
                "a/b/c",
                "~/models",
                "C:\\m",
                "x.gguf",
                ".hidden",
                "org/..",
                "")) {
            HttpResponse<String> r = get(base + "/v1/fit?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8));
            assertEquals(400, r.statusCode(), model);
            JsonNode j = JSON.readTree(r.body());
            assertTrue(j.path("error").asText().startsWith("model "), r.body());
        }
        assertEquals(400, get(base + "/v1/fit").statusCode());
        assertEquals(400, get(base + "/v1/fit?model=small&context=-1").statusCode());
        assertEquals(400, get(base + "/v1/fit?model=small&batch=0").statusCode());
        assertEquals(400, get(base + "/v1/fit?model=small&tp=x").statusCode());
        assertEquals(400, get(base + "/v1/fit?model=small&model=big").statusCode());
        assertEquals(400, get(base + "/v1/fit?model=small&path=/etc").statusCode());
        assertEquals(
                400, get(base + "/v1/fit?model=small&device=%2Fdev%2Fnvidia0").statusCode());
        HttpResponse<String> unknown = get(base + "/v1/fit?model=nope");
        assertEquals(400, unknown.statusCode());
        assertEquals(
                "unknown model 'nope'",
                JSON.readTree(unknown.body()).path("error").asText());
    }

    @Test
    void hugeQueriesPostsAndUnknownPathsAreRefused() throws Exception {
        String base = start(null, List.of());
        HttpResponse<String> huge = get(base + "/v1/fit?model=small&dtype=" + "a".repeat(5000));
        assertEquals(414, huge.statusCode());
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/fit?model=small"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> del = http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, del.statusCode());
        HttpResponse<String> nf = get(base + "/etc/passwd");
        assertEquals(404, nf.statusCode());
        assertTrue(JSON.readTree(nf.body()).has("error"));
        HttpResponse<Void> head = http.send(
                HttpRequest.newBuilder(URI.create(base + "/healthz"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
    }

    @Test
    void withATokenRequestsWithoutItGet401() throws Exception {
        String base = start(BearerToken.of("s3cret-token"), List.of());
        for (String p : List.of("/metrics", "/v1/devices", "/v1/fit?model=small", "/nope")) {
            HttpResponse<String> r = get(base + p);
            assertEquals(401, r.statusCode(), p);
            assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
        }
        assertEquals(
                401, get(base + "/metrics", "Authorization", "Bearer wrong").statusCode());
        assertEquals(
                401,
                get(base + "/metrics", "Authorization", "Basic czNjcmV0LXRva2Vu")
                        .statusCode());
        assertEquals(
                200,
                get(base + "/metrics", "Authorization", "Bearer s3cret-token").statusCode());
        assertEquals(
                200,
                get(base + "/v1/fit?model=small", "Authorization", "bearer s3cret-token")
                        .statusCode());
        assertEquals(200, get(base + "/healthz").statusCode());
    }

    @Test
    void aNonLoopbackAddressNeedsAnExplicitListen() {
        AgentConfig implicit = new AgentConfig(new ListenAddress("0.0.0.0", 0), false, null, 1, 4096, Duration.ZERO);
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new AgentServer(
                        implicit,
                        new ProbeCache(new AgentFixtures.FixedProbe(), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                        AgentFixtures.FITS,
                        new AgentMetrics(new WatchEvaluator(AgentFixtures.FITS, List.of(), null))));
        assertTrue(e.getMessage().contains("explicit --listen"));
    }

    @Test
    void anUnexpectedFailureIsA500WithAJsonErrorAndNoStack() throws Exception {
        FitResponder broken = (req, inv) -> {
            throw new IllegalStateException("boom in /secret/place");
        };
        ProbeCache cache = new ProbeCache(
                new AgentFixtures.FixedProbe(AgentFixtures.H100), Duration.ofSeconds(60), Duration.ofSeconds(5));
        server = new AgentServer(
                AgentConfig.loopback(0).withShutdownGrace(Duration.ZERO),
                cache,
                broken,
                new AgentMetrics(new WatchEvaluator(AgentFixtures.FITS, List.of(), null)));
        server.start();
        String base = "http://127.0.0.1:" + server.address().getPort();
        // before the fix the exchange was closed before the 500 went out: an empty reply (IOException here)
        HttpResponse<String> r = get(base + "/v1/fit?model=small");
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode j = JSON.readTree(r.body());
        assertEquals("internal error", j.path("error").asText());
        assertFalse(
                r.body().contains("boom")
                        || r.body().contains("secret")
                        || r.body().contains("Exception")
                        || r.body().contains("at dev."),
                r.body());
        // the agent keeps serving after it
        assertEquals(200, get(base + "/healthz").statusCode());
    }

    @Test
    void aPortInUseIsBadInputNamingTheAddress() throws Exception {
        start(null, List.of());
        int port = server.address().getPort();
        AgentConfig same = new AgentConfig(new ListenAddress("127.0.0.1", port), true, null, 1, 4096, Duration.ZERO);
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> new AgentServer(
                        same,
                        new ProbeCache(new AgentFixtures.FixedProbe(), Duration.ofSeconds(1), Duration.ofSeconds(1)),
                        AgentFixtures.FITS,
                        new AgentMetrics(new WatchEvaluator(AgentFixtures.FITS, List.of(), null))));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void closingLetsAnInFlightRequestFinishAndIsQuickWhenIdle() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        FitResponder slow = (req, inv) -> {
            started.countDown();
            try {
                // long enough that close() surely begins while this request is still running
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
            return AgentFixtures.FITS.fit(req, inv);
        };
        ProbeCache cache = new ProbeCache(
                new AgentFixtures.FixedProbe(AgentFixtures.H100), Duration.ofSeconds(60), Duration.ofSeconds(5));
        server = new AgentServer(
                AgentConfig.loopback(0).withShutdownGrace(Duration.ofSeconds(20)),
                cache,
                slow,
                new AgentMetrics(new WatchEvaluator(slow, List.of(), null)));
        server.start();
        String base = "http://127.0.0.1:" + server.address().getPort();
        var pending = http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/v1/fit?model=small"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(started.await(20, TimeUnit.SECONDS), "the request reached the responder");
        server.close();
        // close() waited for the request in flight: it had finished, and its answer went out whole
        assertTrue(finished.get(), "close returned before the in-flight request finished");
        assertEquals(200, pending.get(20, TimeUnit.SECONDS).statusCode());

        ProbeCache idleCache =
                new ProbeCache(new AgentFixtures.FixedProbe(), Duration.ofSeconds(1), Duration.ofSeconds(1));
        AgentServer idle = new AgentServer(
                AgentConfig.loopback(0).withShutdownGrace(Duration.ofSeconds(60)),
                idleCache,
                AgentFixtures.FITS,
                new AgentMetrics(new WatchEvaluator(AgentFixtures.FITS, List.of(), null)));
        idle.start();
        long t1 = System.nanoTime();
        idle.close();
        // far below the 60 s grace: an idle agent does not wait it out (loose bound for a busy machine)
        assertTrue((System.nanoTime() - t1) / 1_000_000 < 15_000, "an idle agent stops at once");
        server = null;
    }
}
