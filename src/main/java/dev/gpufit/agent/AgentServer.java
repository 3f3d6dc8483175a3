package dev.gpufit.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gpufit.BadInputException;
import dev.gpufit.app.ProbeCache;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP front: four read-only endpoints over one {@link ProbeCache}.
 *
 * <p>Every request passes the same gate, in this order: GET/HEAD only (405), request target
 * within {@link AgentConfig#maxUriBytes()} (414), bearer token when configured (401; /healthz is
 * exempt so kubelet probes work without the secret), known path (404). Errors are
 * {@code {"error": "..."}} with one line that names no file, environment or stack. The endpoints
 * themselves are {@link AgentEndpoints}.
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);

    private final AgentConfig config;
    private final ProbeCache cache;
    private final AgentEndpoints endpoints;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    public AgentServer(AgentConfig config, ProbeCache cache, FitResponder fits, AgentMetrics metrics)
            throws IOException {
        this.config = config;
        this.cache = cache;
        this.endpoints = new AgentEndpoints(cache, fits, metrics);
        if (!config.listenExplicit() && !config.listen().isLoopback()) {
            throw new BadInputException("refusing to listen on " + config.listen()
                    + " without an explicit --listen; the agent is loopback-only by default");
        }
        HttpLimits.apply();
        InetSocketAddress addr = config.listen().resolve();
        this.server = bind(config.listen(), addr);
        AtomicInteger n = new AtomicInteger();
        // bounded: a flood waits in the queue, then runs on the accept thread, which slows
        // accepting (TCP backlog) instead of growing threads or memory without limit
        this.executor = new ThreadPoolExecutor(
                config.threads(),
                config.threads(),
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256),
                r -> {
                    Thread t = new Thread(r, "gpufit-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** A port in use or an address not on this machine is the user's to fix: exit 2, one line. */
    private static HttpServer bind(ListenAddress listen, InetSocketAddress addr) throws IOException {
        try {
            return HttpServer.create(addr, 128);
        } catch (SocketException e) { // BindException: in use, or not an address of this machine
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? "address unavailable" : e.getMessage();
            throw new BadInputException("cannot listen on " + listen + ": " + reason, e);
        }
    }

    public void start() {
        server.start();
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Lets in-flight requests finish within the grace period, then stops. New requests meanwhile
     * get 503. (HttpServer.stop(n) alone would wait the full n seconds on JDK 17 even when idle.)
     */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdownNow();
        cache.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        // not try-with-resources: that would close the exchange before the catch below could
        // send its 500, and the client would see an empty reply instead of the JSON error
        try {
            if (stopping) {
                ex.getResponseHeaders().set("Connection", "close");
                HttpReplies.error(ex, 503, "the agent is stopping", false);
                return;
            }
            String method = ex.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!"GET".equals(method) && !head) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                HttpReplies.error(ex, 405, "only GET and HEAD are served", false);
                return;
            }
            String rawTarget = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + ex.getRequestURI().getRawQuery());
            if (rawTarget.length() > config.maxUriBytes()) {
                HttpReplies.error(ex, 414, "request target longer than " + config.maxUriBytes() + " bytes", head);
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (!"/healthz".equals(path)
                    && config.token() != null
                    && !config.token().accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"gpufit\"");
                HttpReplies.error(ex, 401, "a valid bearer token is required", head);
                return;
            }
            endpoints.serve(path, ex, head);
        } catch (RuntimeException e) {
            // nothing about the failure leaves the machine; the log says what happened
            LOG.error("request failed: {}", e.toString());
            try {
                HttpReplies.error(ex, 500, "internal error", false);
            } catch (IOException | RuntimeException ignored) {
                // headers already sent: the client sees a cut response
            }
        } finally {
            ex.close();
            inFlight.decrementAndGet();
        }
    }
}
