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
        HubClient.Config m =
                HubClient.Config.fromEnv(Map.of("HF_ENDPOINT", "https://hf-mirror.com/", "HF_TOKEN", "hf_x"));
        assertEquals(URI.create("https://hf-mirror.com"), m.endpoint());
        assertEquals("hf_x", m.token());
        assertThrows(HubException.class, () -> HubClient.Config.fromEnv(Map.of("HF_ENDPOINT", "not a url")));
        assertEquals(
                URI.create("https://huggingface.co/org/m/resolve/refs%2Fpr%2F1/config.json"),
                new HubClient(d).url("org/m", "refs/pr/1", "config.json"));
    }

    @Test
    void shardedCheckpointIsReadFromHeadersOnly() {
        ModelSpec spec = new HubModelReader(client(), null).read(REPO);
        assertEquals(
                ModelFixtures.LLAMA3_8B_BF16_BYTES + ModelFixtures.INV_FREQ_BYTES,
                spec.weights().bytes());
        assertEquals(ModelFixtures.LLAMA3_8B_PARAMETERS, spec.parameters());
        assertEquals(32, spec.layers());
        assertTrue(
                spec.notes().get(0).startsWith("Hub: " + REPO + " revision main"),
                spec.notes().toString());
        assertTrue(hub.bytesWritten.get() < 1_000_000, "headers only: " + hub.bytesWritten.get() + " bytes served");
        long ranged =
                hub.requests.stream().filter(r -> r.contains("range=bytes=0-7")).count();
        assertEquals(4, ranged, "one 8-byte length request per shard: " + hub.requests);
        assertTrue(hub.requests.stream().anyMatch(r -> r.contains("range=bytes=8-")), hub.requests.toString());
    }

    @Test
    void singleFileRepoWithoutIndex() throws IOException {
        Path repo = hub.repo("org/tiny", "main");
        Files.write(
                repo.resolve("model.safetensors"),
                new SafetensorsTestWriter().tensor("w", "F16", 4, 4).toBytes());
        SafetensorsCheckpoint c = HubSafetensors.checkpoint(client(), "org/tiny", null, null);
        assertEquals(32, c.bytes());
        assertTrue(
                c.files().get(0).endsWith("/org/tiny/resolve/main/model.safetensors"),
                c.files().toString());
    }

    @Test
    void serverIgnoringRangeIsReadOnlyAsFarAsTheHeader() throws IOException {
        Path repo = hub.repo("org/tiny", "main");
        Files.write(
                repo.resolve("model.safetensors"),
                new SafetensorsTestWriter().tensor("w", "F16", 4, 4).toBytes());
        hub.ignoreRange = true;
        HubClient c = client();
        // the file claims 32 data bytes; pad the 200 body so that reading it all would be obvious
        HubClient.Range r = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> c.range("org/tiny", null, "model.safetensors", 0, 8));
        assertEquals(8, r.bytes().length);
        hub.padBody = 2L * 1024 * 1024 * 1024; // 2 GiB of zeros after the file
        HubClient.Range big = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> c.range("org/tiny", null, "model.safetensors", 0, 8));
        assertEquals(8, big.bytes().length);
        assertTrue(
                hub.bytesWritten.get() < 256L * 1024 * 1024,
                "the client hung up after the header: " + hub.bytesWritten.get() + " bytes were sent of 2 GiB");
    }

    @Test
    void unauthorizedGatedModelSaysToAcceptTheLicenseAndSetTheToken() {
        hub.requiredToken = "hf_secret";
        HubException e = assertThrows(HubException.class, () -> new HubModelReader(client(), null).read(REPO));
        assertTrue(
                e.getMessage()
                        .contains("401 unauthorized: a private or gated model; accept the license on " + hub.endpoint()
                                + "/" + REPO + " and set HF_TOKEN"),
                e.getMessage());
        ModelSpec ok = new HubModelReader(client("hf_secret", Duration.ofSeconds(5)), null).read(REPO);
        assertEquals(ModelFixtures.LLAMA3_8B_PARAMETERS, ok.parameters());
        assertTrue(hub.requests.stream().anyMatch(r -> r.contains("auth=Bearer hf_secret")));
    }

    @Test
    void forbidden() {
        hub.status = 403;
        hub.errorCode = "GatedRepo";
        HubException e = assertThrows(
                HubException.class, () -> new HubModelReader(client("hf_x", Duration.ofSeconds(5)), null).read(REPO));
        assertTrue(e.getMessage().contains("403 forbidden: a gated model; accept the license on"), e.getMessage());
        assertTrue(e.getMessage().contains("with the account HF_TOKEN belongs to"), e.getMessage());
    }

    @Test
    void notFound() {
        HubException e = assertThrows(HubException.class, () -> new HubModelReader(client(), null).read("org/nothing"));
        assertTrue(
                e.getMessage()
                        .endsWith(
                                "/org/nothing/resolve/main/config.json: not found (404): check the repo id, the file and --revision"),
                e.getMessage());
        hub.status = 404;
        hub.errorCode = "RepoNotFound";
        HubException repo =
                assertThrows(HubException.class, () -> new HubModelReader(client(), null).read("org/nothing"));
        assertEquals("org/nothing: repository not found on " + hub.endpoint(), repo.getMessage());
        hub.status = 401; // what huggingface.co answers an anonymous request for a missing repo
        HubException anon =
                assertThrows(HubException.class, () -> new HubModelReader(client(), null).read("org/nothing"));
        assertTrue(
                anon.getMessage().contains("repository not found")
                        && anon.getMessage().contains("set HF_TOKEN"),
                anon.getMessage());
    }

    @Test
    void slowServerTimesOut() {
        // the server would stall 120 s (until close()); giving up within 60 s can only be the
        // 300 ms timeout at work. The bound is that loose on purpose: a shared, busy machine
        // must not fail this test, and a client without the timeout still would.
        hub.delayMillis = 120_000;
        HubException e = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThrows(
                        HubException.class,
                        () -> new HubModelReader(client(null, Duration.ofMillis(300)), null).read(REPO)));
        assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
    }

    @Test
    void aServerThatStallsAfterTheHeadersTimesOut() {
        hub.stallBody = true; // headers and one byte, then nothing for 120 s (until close())
        // before the fix the body read had no deadline and this hung; the bound is loose on purpose
        HubException e = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThrows(
                        HubException.class,
                        () -> new HubModelReader(client(null, Duration.ofMillis(500)), null).read(REPO)));
        assertTrue(
                e.getMessage().contains("the server stopped sending; nothing for 500 ms after 1 bytes"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shardNamesAreEncodedAsPathSegments() throws IOException {
        Path repo = hub.repo("org/spaced", "main");
        Files.writeString(repo.resolve("config.json"), ModelFixtures.LLAMA3_8B_CONFIG);
        Files.write(
                repo.resolve("bad name.safetensors"),
                new SafetensorsTestWriter().tensor("w", "F16", 4, 4).toBytes());
        Files.writeString(
                repo.resolve("model.safetensors.index.json"),
                "{\"metadata\":{\"total_size\":32},\"weight_map\":{\"w\":\"bad name.safetensors\"}}");
        // before: "internal error: IllegalArgumentException: Illegal character in path", exit 1
        SafetensorsCheckpoint c = HubSafetensors.checkpoint(client(), "org/spaced", null, null);
        assertEquals(32, c.bytes());
        assertTrue(
                hub.requests.stream().anyMatch(r -> r.contains("/org/spaced/resolve/main/bad name.safetensors")),
                hub.requests.toString());
        assertEquals(
                URI.create(hub.endpoint() + "/org/spaced/resolve/main/bad%20name.safetensors"),
                client().url("org/spaced", null, "bad name.safetensors"));
        assertEquals(
                URI.create(hub.endpoint() + "/org/m/resolve/main/sub/a%23b%3F.safetensors"),
                client().url("org/m", null, "sub/a#b?.safetensors"));
        HubException dots = assertThrows(HubException.class, () -> client().url("org/m", null, "../../etc/x"));
        assertTrue(dots.getMessage().contains("not a usable file name"), dots.getMessage());
    }

    @Test
    void redirectsToOtherSchemesOrBadUrlsAreRefusedAsBadInput() {
        for (String location : new String[] {"file:///etc/passwd", "ftp://example.invalid/x", "jar:file:/x!/y"}) {
            hub.location = location;
            HubException e =
                    assertThrows(HubException.class, () -> new HubModelReader(client(), null).read(REPO), location);
            assertTrue(e.getMessage().contains("URL refused; only http and https are followed"), e.getMessage());
        }
        hub.location = "http://exa mple/x";
        HubException bad = assertThrows(HubException.class, () -> new HubModelReader(client(), null).read(REPO));
        assertTrue(bad.getMessage().contains("redirect 302 to an invalid URL"), bad.getMessage());
    }

    @Test
    void noServerListening() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HubClient c = new HubClient(new HubClient.Config(
                URI.create("http://127.0.0.1:" + port), null, Duration.ofSeconds(2), Duration.ofSeconds(2)));
        HubException e = assertThrows(HubException.class, () -> new HubModelReader(c, null).read(REPO));
        assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1:" + port + " (no network?"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void redirectToAnotherOriginDropsTheToken() {
        hub.redirectTo = hub.otherOrigin();
        ModelSpec spec = new HubModelReader(client("hf_secret", Duration.ofSeconds(5)), null).read(REPO);
        assertEquals(ModelFixtures.LLAMA3_8B_PARAMETERS, spec.parameters());
        assertTrue(
                hub.requests.stream().filter(r -> r.contains("host=localhost")).allMatch(r -> r.endsWith("auth=null")),
                "the CDN never sees the token: " + hub.requests);
        assertTrue(hub.requests.stream()
                .filter(r -> r.contains("host=127.0.0.1"))
                .allMatch(r -> r.endsWith("auth=Bearer hf_secret")));
    }

    @Test
    void revisionIsPartOfTheUrl() throws IOException {
        Path v2 = hub.repo("org/tiny", "v2");
        Files.writeString(v2.resolve("config.json"), ModelFixtures.LLAMA3_8B_CONFIG);
        Files.write(
                v2.resolve("model.safetensors"),
                new SafetensorsTestWriter().tensor("w", "BF16", 8).toBytes());
        ModelSpec spec = new HubModelReader(client(), "v2").read("org/tiny");
        assertEquals(16, spec.weights().bytes());
        assertThrows(BadInputException.class, () -> new HubModelReader(client(), null).read("org/tiny"));
    }

    /** The hub's config.json goes through the same parse as a local one: line and column, empty refused. */
    @Test
    void hubConfigErrorsMatchALocalConfigJson() throws IOException {
        Path repo = hub.repo("org/broken", "main");
        Files.writeString(repo.resolve("config.json"), "{\n  \"model_type\": \"llama\",\n  oops\n}");
        BadInputException bad =
                assertThrows(BadInputException.class, () -> new HubModelReader(client(), null).read("org/broken"));
        assertTrue(
                bad.getMessage()
                        .endsWith(
                                "/org/broken/resolve/main/config.json: malformed JSON at line 3, column 3: "
                                        + "Unexpected character ('o' (code 111)): was expecting double-quote to start field name"),
                bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"));

        Files.writeString(repo.resolve("config.json"), "");
        BadInputException empty =
                assertThrows(BadInputException.class, () -> new HubModelReader(client(), null).read("org/broken"));
        assertTrue(
                empty.getMessage()
                        .endsWith("/org/broken/resolve/main/config.json: empty file, expected config.json fields"),
                empty.getMessage());
    }
}
