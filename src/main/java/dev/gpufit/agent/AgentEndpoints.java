package dev.gpufit.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gpufit.BadInputException;
import dev.gpufit.app.FitRequest;
import dev.gpufit.app.ProbeCache;
import dev.gpufit.app.ProbeSnapshot;
import dev.gpufit.app.UnknownVerdictException;
import dev.gpufit.note.SettingException;
import dev.gpufit.report.Surface;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The agent's four endpoints, past the server's gate: {@code /healthz}, {@code /metrics},
 * {@code /v1/devices} and {@code /v1/fit}, each a translation of a probe snapshot or a fit
 * answer into its body.
 */
final class AgentEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProbeCache cache;
    private final FitResponder fits;
    private final AgentMetrics metrics;

    private final Object devicesLock = new Object();
    private long devicesGeneration = -1;
    private byte[] devicesBody;

    AgentEndpoints(ProbeCache cache, FitResponder fits, AgentMetrics metrics) {
        this.cache = cache;
        this.fits = fits;
        this.metrics = metrics;
    }

    void serve(String path, HttpExchange ex, boolean head) throws IOException {
        switch (path) {
            case "/healthz" ->
                HttpReplies.send(ex, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8), head);
            case "/metrics" -> HttpReplies.send(ex, 200, AgentMetrics.contentType(), metrics.render(cache.now()), head);
            case "/v1/devices" -> HttpReplies.send(ex, 200, HttpReplies.JSON_TYPE, devicesBody(cache.now()), head);
            case "/v1/fit" -> fit(ex, head);
            default ->
                HttpReplies.error(ex, 404, "no such endpoint; try /healthz, /v1/devices, /v1/fit, /metrics", head);
        }
    }

    private void fit(HttpExchange ex, boolean head) throws IOException {
        FitRequest request;
        Map<String, String> q;
        try {
            q = QueryString.parse(ex.getRequestURI().getRawQuery());
            request = FitQuery.parse(q);
        } catch (BadInputException e) {
            HttpReplies.error(ex, 400, e.getMessage(), head);
            return;
        }
        ProbeSnapshot snap = cache.now();
        ObjectNode body;
        try {
            body = AgentJson.scrub(fits.fit(request, snap.inventory()));
        } catch (UnknownVerdictException e) {
            // 503: the probe failed or has not answered yet, a retry may succeed; 422: nothing here runs it
            HttpReplies.error(ex, e.probeFailed() ? 503 : 422, e.getMessage(), head);
            return;
        } catch (BadInputException e) {
            // the estimator's and judge's refusals name settings: in /v1/fit's parameters here
            HttpReplies.error(ex, 400, SettingException.wording(e, Surface.HTTP), head);
            return;
        }
        if (snap.stale()) {
            body.put("stale", true);
        }
        HttpReplies.send(ex, 200, HttpReplies.JSON_TYPE, JSON.writeValueAsBytes(body), head);
    }

    /** The devices JSON, rendered once per snapshot. */
    private byte[] devicesBody(ProbeSnapshot snap) throws IOException {
        synchronized (devicesLock) {
            if (snap.generation() != devicesGeneration || devicesBody == null) {
                devicesBody = JSON.writeValueAsBytes(AgentJson.devices(snap));
                devicesGeneration = snap.generation();
            }
            return devicesBody;
        }
    }
}
