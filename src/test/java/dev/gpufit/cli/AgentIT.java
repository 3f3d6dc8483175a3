package dev.gpufit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpufit.testing.FakeNvml;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The packaged agent as its own process: it serves on loopback and stops cleanly on SIGTERM. */
class AgentIT {
    @Test
    void servesThenStopsOnSigterm() throws Exception {
        Path conf = DevicesIT.scenario("agent-it", FakeNvml.TWO_H100);
        List<String> cmd = DevicesIT.jar("agent", "--listen", "127.0.0.1:0");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GPUFIT_NVML_LIBRARY", FakeNvml.library().toString());
        pb.environment().put("FAKE_NVML_CONFIG", conf.toString());
        Files.createDirectories(DevicesIT.IT_DIR);
        Process p = pb.start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            String base = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (String line; base == null && System.nanoTime() < deadline && (line = log.readLine()) != null; ) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertTrue(base != null, "the agent did not say where it listens");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/devices"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("GPU-7a9e2b44-1111-2222-3333-444455556666"), r.body());

            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the agent did not stop on SIGTERM");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(143, p.exitValue()); // 128 + SIGTERM, after the shutdown hook ran
            assertTrue(ms < 10_000, "stopping took " + ms + " ms");
        } finally {
            p.destroyForcibly();
        }
    }
}
