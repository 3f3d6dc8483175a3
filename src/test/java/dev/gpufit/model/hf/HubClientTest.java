package dev.gpufit.model.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.BadInputException;
import dev.gpufit.model.ModelSpec;
import dev.gpufit.model.files.ModelFixtures;
import dev.gpufit.model.files.SafetensorsTestWriter;
import dev.gpufit.model.safetensors.SafetensorsCheckpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --hub against a local fake of the hub: Range requests for headers only, and every failure a clear one-liner. */
class HubClientTest {
    static final String REPO = "meta-llama/Meta-Llama-3-8B-Instruct";

    @TempDir
    Path tmp;
    FakeHub hub;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub(tmp.resolve("hub"));
        ModelFixtures.writeLlama3(hub.repo(REPO, "main"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubClient client(String token, Duration timeout) {
        return new HubClient(new HubClient.Config(hub.endpoint(), token, Duration.ofSeconds(2), timeout));
    }

    private HubClient client() {
        return client(null, Duration.ofSeconds(5));
    }

    @Test
    void configFromEnvironment() {
        HubClient.Config d = HubClient.Config.fromEnv(Map.of());
        assertEquals(URI.create("https://huggingface.co"), d.endpoint());
        assertEquals(null, d.token());
        HubClient.Config m = HubClient.Config.fromEnv(Map.of("HF_ENDPOINT", "https://hf-mirror.com/", "HF_TOKEN", "hf_x"));
        assertEquals(URI.create("https://hf-mirror.com"), m.endpoint());
        assertEquals("hf_x", m.token());
        assertThrows(HubException.class, () -> HubClient.Config.fromEnv(Map.of("HF_ENDPOINT", "not a url")));
        assertEquals(URI.create("https://huggingface.co/org/m/resolve/refs%2Fpr%2F1/config.json"),
                new HubClient(d).url("org/m", "refs/pr/1", "config.json"));
    }

    @Test
    void shardedCheckpointIsReadFromHeadersOnly() {
        ModelSpec spec = new HubModelReader(client(), null).read(REPO);
        assertEquals(ModelFixtures.LLAMA3_8B_BF16_BYTES + ModelFixtures.INV_FREQ_BYTES, spec.weights().bytes());
        assertEquals(ModelFixtures.LLAMA3_8B_PARAMETERS, spec.parameters());
        assertEquals(32, spec.layers());
        assertTrue(spec.notes().get(0).startsWith("Hub: " + REPO + " revision main"), spec.notes().toString());
        assertTrue(hub.bytesWritten.get() < 1_000_000, "headers only: " + hub.bytesWritten.get() + " bytes served");
        long ranged = hub.requests.stream().filter(r -> r.contains("range=bytes=0-7")).count();
        assertEquals(4, ranged, "one 8-byte length request per shard: " + hub.requests);
        assertTrue(hub.requests.stream().anyMatch(r -> r.contains("range=bytes=8-")), hub.requests.toString());
    }

    @Test
    void singleFileRepoWithoutIndex() throws IOException {
        Path repo = hub.repo("org/tiny", "main");
        Files.write(repo.resolve("model.safetensors"), new SafetensorsTestWriter().tensor("w", "F16", 4, 4).toBytes());
        SafetensorsCheckpoint c = HubSafetensors.checkpoint(client(), "org/tiny", null, null);
        assertEquals(32, c.bytes());
        assertTrue(c.files().get(0).endsWith("/org/tiny/resolve/main/model.safetensors"), c.files().toString());
    }

    @Test
    void serverIgnoringRangeIsReadOnlyAsFarAsTheHeader() throws IOException {
        Path repo = hub.repo("org/tiny", "main");
        Files.write(repo.resolve("model.safetensors"), new SafetensorsTestWriter().tensor("w", "F16", 4, 4).toBytes());
        hub.ignoreRange = true;
        HubClient c = client();
        // the file claims 32 data bytes; pad the 200 body so that reading it all would be obvious
        HubClient.Range r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> c.range("org/tiny", null, "model.safetensors", 0, 8));
        assertEquals(8, r.bytes().length);
        hub.padBody = 2L * 1024 * 1024 * 1024; // 2 GiB of zeros after the file
        HubClient.Range big = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> c.range("org/tiny", null, "model.safetensors", 0, 8));
        assertEquals(8, big.bytes().length);
        assertTrue(hub.bytesWritten.get() < 256L * 1024 * 1024, "the client hung up after the header: "
                + hub.bytesWritten.get() + " bytes were sent of 2 GiB");
    }

    @Test
    void unauthorizedGatedModelSaysToAcceptTheLicenseAndSetTheToken() {
        hub.requiredToken = "hf_secret";
        HubException e = assertThrows(HubException.class, () -> new HubModelReader(client(), null).read(REPO));
        assertTrue(e.getMessage().contains("401 unauthorized: a private or gated model; accept the license on "
                + hub.endpoint() + "/" + REPO + " and set HF_TOKEN"), e.getMessage());
        ModelSpec ok = new HubModelReader(client("hf_secret", Duration.ofSeconds(5)), null).read(REPO);
        assertEquals(ModelFixtures.LLAMA3_8B_PARAMETERS, ok.parameters());
        assertTrue(hub.requests.stream().anyMatch(r -> r.contains("auth=Bearer hf_secret")));
    }

    @Test
    void forbidden() {
        hub.status = 403;
        hub.errorCode = "GatedRepo";
        HubException e = assertThrows(HubException.class, () -> new HubModelReader(client("hf_x", Duration.ofSeconds(5)), null).read(REPO));
        assertTrue(e.getMessage().contains("403 forbidden: a gated model; accept the license on"), e.getMessage());
        assertTrue(e.getMessage().contains("with the account HF_TOKEN belongs to"), e.getMessage());
    }

    @Test
    void notFound() {
        HubException e = assertThrows(HubException.class, () -> new HubModelReader(client(), null).read("org/nothing"));
        assertTrue(e.getMessage().endsWith("/org/nothing/resolve/main/config.json: not found (404): check the repo id, the file and --revision"),
                e.getMessage());
        hub.status = 404;
        hub.errorCode = "RepoNotFound";
        HubException repo = assertThrows(HubException.class, () -> new HubModelReader(client(), null).read("org/nothing"));
        assertEquals("org/nothing: repository not found on " + hub.endpoint(), repo.getMessage());
        hub.status = 401; // what huggingface.co answers an anonymous request for a missing repo
        HubException anon = assertThrows(HubException.class, () -> new HubModelReader(client(), null).read("org/nothing"));
        assertTrue(anon.getMessage().contains("repository not found") && anon.getMessage().contains("set HF_TOKEN"), anon.getMessage());
    }

    @Test
    void slowServerTimesOut() {
        hub.delayMillis = 3000;
        long t0 = System.nanoTime();
        HubException e = assertThrows(HubException.class,
                () -> new HubModelReader(client(null, Duration.ofMillis(300)), null).read(REPO));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
        assertTrue(ms < 2500, "gave up after the timeout, took " + ms + " ms");
    }

    @Test
    void noServerListening() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HubClient c = new HubClient(new HubClient.Config(URI.create("http://127.0.0.1:" + port), null,
                Duration.ofSeconds(2), Duration.ofSeconds(2)));
        HubException e = assertThrows(HubException.class, () -> new HubModelReader(c, null).read(REPO));
        assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1:" + port + " (no network?"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void redirectToAnotherOriginDropsTheToken() {
        hub.redirectTo = hub.otherOrigin();
        ModelSpec spec = new HubModelReader(client("hf_secret", Duration.ofSeconds(5)), null).read(REPO);
        assertEquals(ModelFixtures.LLAMA3_8B_PARAMETERS, spec.parameters());
        assertTrue(hub.requests.stream().filter(r -> r.contains("host=localhost")).allMatch(r -> r.endsWith("auth=null")),
                "the CDN never sees the token: " + hub.requests);
        assertTrue(hub.requests.stream().filter(r -> r.contains("host=127.0.0.1")).allMatch(r -> r.endsWith("auth=Bearer hf_secret")));
    }

    @Test
    void revisionIsPartOfTheUrl() throws IOException {
        Path v2 = hub.repo("org/tiny", "v2");
        Files.writeString(v2.resolve("config.json"), ModelFixtures.LLAMA3_8B_CONFIG);
        Files.write(v2.resolve("model.safetensors"), new SafetensorsTestWriter().tensor("w", "BF16", 8).toBytes());
        ModelSpec spec = new HubModelReader(client(), "v2").read("org/tiny");
        assertEquals(16, spec.weights().bytes());
        assertThrows(BadInputException.class, () -> new HubModelReader(client(), null).read("org/tiny"));
    }
}
