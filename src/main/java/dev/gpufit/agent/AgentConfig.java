package dev.gpufit.agent;

import java.time.Duration;

/**
 * How the agent serves.
 *
 * @param listen           address and port
 * @param listenExplicit   true when the operator named the address; a non-loopback address is
 *                         refused without it, so no code path exposes the agent by accident
 * @param token            bearer token required on every endpoint but /healthz; {@code null}: none
 * @param threads          request threads (bounded; beyond them requests queue, then wait)
 * @param maxUriBytes      longest request target accepted (414 beyond)
 * @param shutdownGrace    how long in-flight requests may finish on SIGTERM
 */
public record AgentConfig(
        ListenAddress listen,
        boolean listenExplicit,
        BearerToken token,
        int threads,
        int maxUriBytes,
        Duration shutdownGrace) {

    public static final int DEFAULT_MAX_URI_BYTES = 4096;

    public static AgentConfig loopback(int port) {
        return new AgentConfig(
                new ListenAddress("127.0.0.1", port), false, null, 4, DEFAULT_MAX_URI_BYTES, Duration.ofSeconds(2));
    }

    public AgentConfig withShutdownGrace(Duration d) {
        return new AgentConfig(listen, listenExplicit, token, threads, maxUriBytes, d);
    }

    public AgentConfig withToken(BearerToken t) {
        return new AgentConfig(listen, listenExplicit, t, threads, maxUriBytes, shutdownGrace);
    }
}
