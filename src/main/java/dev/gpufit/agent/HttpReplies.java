package dev.gpufit.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** The agent's replies: a body with the headers every answer carries, or a one-line JSON error. */
final class HttpReplies {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpReplies() {}

    static void error(HttpExchange ex, int status, String message, boolean head) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("error", oneLine(message));
        send(ex, status, JSON_TYPE, JSON.writeValueAsBytes(body), head);
    }

    private static String oneLine(String s) {
        String t = s == null ? "error" : s.replace('\n', ' ').replace('\r', ' ').strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
