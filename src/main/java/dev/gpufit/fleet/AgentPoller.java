package dev.gpufit.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Asks agents for their report, many at a time: at most {@code parallel} requests in flight,
 * each bounded by the connect and request timeouts, so a dead host costs one timeout and never
 * more. A URL with no path gets {@code /v1/devices} (or {@code /v1/fit?...} when a model is
 * asked); a URL with a path is fetched as given (a report on a plain web server).
 */
public final class AgentPoller {
    /** Bigger than any host report; bounds what a misbehaving server can make us hold. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;
    private final int parallel;
    private final String token;

    public AgentPoller(Duration timeout, int parallel, String token) {
        this.timeout = timeout;
        this.parallel = Math.max(1, parallel);
        this.token = token;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The path and query asked of an agent: the fit when a model is given, else the devices. */
    public static String endpoint(String model, Long context) {
        if (model == null) {
            return "/v1/devices";
        }
        return "/v1/fit?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + (context == null ? "" : "&context=" + context);
    }

    /** Polls all agents; results come back in the order given. {@code done} is told after each. */
    public List<ReportParser.Outcome> poll(List<FleetSource.Agent> agents, String endpoint, Consumer<Integer> done) {
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<ReportParser.Outcome>> futures = new ArrayList<>();
        for (FleetSource.Agent a : agents) {
            slots.acquireUninterruptibly();
            CompletableFuture<ReportParser.Outcome> f;
            try {
                f = client.sendAsync(request(a, endpoint), HttpResponse.BodyHandlers.ofInputStream())
                        .thenApply(r -> outcome(a, r))
                        .exceptionally(e -> ReportFiles.failed(a.label(), reason(e)));
            } catch (IllegalArgumentException e) {
                f = CompletableFuture.completedFuture(ReportFiles.failed(a.label(), "not a usable URL"));
            }
            futures.add(f.whenComplete((o, e) -> {
                slots.release();
                done.accept(1);
            }));
        }
        List<ReportParser.Outcome> out = new ArrayList<>();
        for (CompletableFuture<ReportParser.Outcome> f : futures) {
            out.add(f.join());
        }
        return out;
    }

    private HttpRequest request(FleetSource.Agent a, String endpoint) {
        URI u = a.uri();
        String path = u.getRawPath();
        URI target = (path == null || path.isEmpty() || path.equals("/"))
                ? URI.create(u.getScheme() + "://" + u.getRawAuthority() + endpoint)
                : u;
        HttpRequest.Builder b =
                HttpRequest.newBuilder(target).timeout(timeout).GET().header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private ReportParser.Outcome outcome(FleetSource.Agent a, HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                return ReportFiles.failed(a.label(), "answer larger than " + (MAX_BODY_BYTES >> 20) + " MiB");
            }
            if (r.statusCode() != 200) {
                return ReportFiles.failed(a.label(), "HTTP " + r.statusCode() + errorOf(body));
            }
            return ReportParser.parse(new String(body, StandardCharsets.UTF_8), a.label(), a.hostFallback());
        } catch (IOException e) {
            return ReportFiles.failed(a.label(), "connection lost while reading the answer");
        }
    }

    /** The agent's {"error": "..."} line, when it sent one. */
    private static String errorOf(byte[] body) {
        try {
            String e = JSON.readTree(body).path("error").asText("");
            return e.isEmpty() ? "" : ": " + ReportParser.oneLine(ReportParser.printable(e));
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    private String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toMillis() + " ms";
        }
        if (t instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (t instanceof ConnectException) {
            Throwable c = t.getCause();
            if (c instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            return "connection refused or unreachable";
        }
        if (t instanceof IOException) {
            return "connection failed: "
                    + ReportParser.oneLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return "failed: " + t.getClass().getSimpleName();
    }
}
