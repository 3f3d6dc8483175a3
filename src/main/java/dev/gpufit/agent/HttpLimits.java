package dev.gpufit.agent;

/**
 * Limits the JDK HTTP server reads from system properties once, when its configuration class
 * loads: so they are set before the first server is created. Values already set by the
 * operator ({@code -Dsun.net.httpserver...}) win.
 */
final class HttpLimits {
    private HttpLimits() {}

    static void apply() {
        // seconds a client may take to send the request line and headers (slowloris)
        setIfAbsent("sun.net.httpserver.maxReqTime", "10");
        // seconds the server may take to send a response to a slow reader
        setIfAbsent("sun.net.httpserver.maxRspTime", "30");
        // header lines per request; ours need a handful
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
        // bytes of headers per request (honoured by JDKs that know it)
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", "16384");
        // TCP_NODELAY: without it headers and body leave in two segments and Nagle waits for the
        // client's delayed ACK, which capped a keep-alive scraper at ~25 requests/s per connection
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // idle keep-alive connections kept open
        setIfAbsent("sun.net.httpserver.maxIdleConnections", "64");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
