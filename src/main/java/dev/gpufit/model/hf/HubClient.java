package dev.gpufit.model.hf;

import java.io.ByteArrayOutputStream;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches single files, or byte ranges of them, from a HuggingFace hub through
 * {@code {endpoint}/{repo}/resolve/{revision}/{file}} — the URL scheme huggingface_hub uses, and
 * that mirrors (HF_ENDPOINT) serve too.
 *
 * <p>Only what the caller asks for is read: a range request is bounded even when a server
 * ignores Range and answers 200 with the whole file. Redirects (the hub sends LFS files to a
 * CDN) are followed by hand so the token is never sent to another host.
 */
public final class HubClient {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final int MAX_REDIRECTS = 5;
    /** Reads bodies so that a stalled one can be given up on; daemon threads never keep the JVM up. */
    private static final ExecutorService BODY_READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gpufit-hub-read");
        t.setDaemon(true);
        return t;
    });

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /**
     * @param endpoint       the hub, e.g. https://huggingface.co or a mirror
     * @param token          bearer token ({@code HF_TOKEN}), {@code null} for anonymous access
     * @param connectTimeout limit on opening a connection
     * @param requestTimeout limit on each request until the response headers arrive, and on
     *                       each wait for more of a body (a server that sends the headers and then
     *                       stalls is given up on, not waited for forever)
     */
    public record Config(URI endpoint, String token, Duration connectTimeout, Duration requestTimeout) {
        public Config {
            Objects.requireNonNull(endpoint, "endpoint");
        }

        /** {@code HF_ENDPOINT} (default the public hub) and {@code HF_TOKEN} from the given environment. */
        public static Config fromEnv(Map<String, String> env) {
            String endpoint = env.getOrDefault("HF_ENDPOINT", "");
            String token = env.get("HF_TOKEN");
            URI uri;
            try {
                uri = URI.create(
                        endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip().replaceAll("/+$", ""));
            } catch (IllegalArgumentException e) {
                throw new HubException("HF_ENDPOINT '" + endpoint + "' is not a URL");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new HubException("HF_ENDPOINT '" + endpoint + "' is not an http(s) URL");
            }
            return new Config(
                    uri,
                    token == null || token.isBlank() ? null : token.strip(),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(30));
        }
    }

    /** Bytes of a file and the file's total size. */
    public record Range(byte[] bytes, long totalSize) {}

    private final Config config;
    private final HttpClient http;

    public HubClient(Config config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The URL of a file, as shown to the user. Each path segment of the repo id and the file name
     * is percent-encoded, so a name from a (possibly hostile) index such as "bad name.safetensors"
     * is fetched as itself instead of failing to make a URI; "." and ".." are refused.
     */
    public URI url(String repo, String revision, String file) {
        String rev = segment(revision == null || revision.isBlank() ? "main" : revision);
        try {
            return URI.create(config.endpoint() + "/" + path(repo, "repo id") + "/resolve/" + rev + "/"
                    + path(file, "file name"));
        } catch (IllegalArgumentException e) {
            throw new HubException("cannot make a URL for " + repo + " file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String path(String p, String what) {
        StringBuilder b = new StringBuilder();
        for (String seg : p.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new HubException("'" + p + "' is not a usable " + what + " (empty, '.' or '..' path segment)");
            }
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(segment(seg));
        }
        return b.toString();
    }

    /** One path segment, percent-encoded (URLEncoder is for forms: it writes a space as '+'). */
    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A whole small file (config.json, the index), refused when over {@code maxBytes}. */
    public byte[] fetch(String repo, String revision, String file, long maxBytes) {
        return fetchIfExists(repo, revision, file, maxBytes)
                .orElseThrow(() -> new HubException(url(repo, revision, file) + ": not found (404): check the repo id, "
                        + "the file and --revision"));
    }

    /** Like {@link #fetch} but empty when the file does not exist (404), e.g. the optional index. */
    public Optional<byte[]> fetchIfExists(String repo, String revision, String file, long maxBytes) {
        URI url = url(repo, revision, file);
        HttpResponse<InputStream> r = send(url, null);
        if (r.statusCode() == 404 && !"RepoNotFound".equals(errorCode(r)) && !"RevisionNotFound".equals(errorCode(r))) {
            close(r);
            return Optional.empty();
        }
        check(url, repo, r);
        OptionalLong length = r.headers().firstValueAsLong("content-length");
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            close(r);
            throw new HubException(url + ": " + length.getAsLong() + " bytes, more than the " + maxBytes + " expected");
        }
        byte[] body = readAtMost(url, r, maxBytes + 1);
        if (body.length > maxBytes) {
            throw new HubException(url + ": more than the " + maxBytes + " bytes expected");
        }
        return Optional.of(body);
    }

    /**
     * {@code length} bytes from {@code start} with an HTTP Range request, and the file's total
     * size from Content-Range. A server that ignores Range answers 200 with the whole file: then
     * only the first {@code start + length} bytes are read and the rest is dropped unread.
     */
    public Range range(String repo, String revision, String file, long start, int length) {
        URI url = url(repo, revision, file);
        HttpResponse<InputStream> r = send(url, "bytes=" + start + "-" + (start + length - 1));
        check(url, repo, r);
        if (r.statusCode() == 206) {
            Matcher m = CONTENT_RANGE.matcher(
                    r.headers().firstValue("content-range").orElse(""));
            if (!m.matches()
                    || Long.parseLong(m.group(1)) != start
                    || m.group(3).equals("*")) {
                close(r);
                throw new HubException(url + ": the server's Content-Range '"
                        + r.headers().firstValue("content-range").orElse("") + "' does not answer the range asked for");
            }
            byte[] body = readAtMost(url, r, length);
            if (body.length < length) {
                throw new HubException(
                        url + ": the server sent " + body.length + " of the " + length + " bytes asked for");
            }
            return new Range(body, Long.parseLong(m.group(3)));
        }
        // 200: the whole file is coming; its size is the Content-Length
        OptionalLong total = r.headers().firstValueAsLong("content-length");
        if (total.isEmpty()) {
            close(r);
            throw new HubException(url + ": the server ignored the Range request and sent no Content-Length");
        }
        byte[] prefix = readAtMost(url, r, start + length);
        if (prefix.length < start + length) {
            throw new HubException(url + ": the file ended after " + prefix.length + " bytes");
        }
        byte[] body = new byte[length];
        System.arraycopy(prefix, (int) start, body, 0, length);
        return new Range(body, total.getAsLong());
    }

    private HttpResponse<InputStream> send(URI url, String range) {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(current)
                        .timeout(config.requestTimeout())
                        .GET()
                        .header("User-Agent", "gpufit");
            } catch (IllegalArgumentException e) {
                throw new HubException(current + ": not a URL gpufit can fetch: " + e.getMessage(), e);
            }
            if (range != null) {
                b.header("Range", range);
            }
            // the token goes to the hub only, never to the CDN a redirect points at
            if (config.token() != null && sameOrigin(current, config.endpoint())) {
                b.header("Authorization", "Bearer " + config.token());
            }
            HttpResponse<InputStream> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException e) {
                throw new HubException(
                        host(current) + ": no connection within "
                                + config.connectTimeout().toSeconds()
                                + " s (no network? without --hub gpufit reads the local HF cache)",
                        e);
            } catch (HttpTimeoutException e) {
                throw new HubException(
                        host(current) + ": no answer within " + seconds(config.requestTimeout())
                                + " (slow or unreachable hub; HF_ENDPOINT selects a mirror)",
                        e);
            } catch (ConnectException e) {
                throw new HubException(
                        "cannot reach " + host(current)
                                + " (no network? without --hub gpufit reads the local HF cache)",
                        e);
            } catch (IOException e) {
                throw new HubException("cannot reach " + host(current) + ": " + e, e);
            } catch (IllegalArgumentException e) {
                throw new HubException(current + ": not a URL gpufit can fetch: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException("interrupted while fetching " + current, e);
            }
            int code = r.statusCode();
            if (code >= 300 && code < 400 && code != 304) {
                String location = r.headers().firstValue("location").orElse(null);
                close(r);
                if (location == null) {
                    throw new HubException(current + ": redirect " + code + " without a Location");
                }
                current = redirect(current, code, location);
                continue;
            }
            return r;
        }
        throw new HubException(url + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** Where a redirect points; only http and https are followed (no file:, ftp:, jar: ...). */
    private static URI redirect(URI from, int code, String location) {
        URI next;
        try {
            next = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new HubException(from + ": redirect " + code + " to an invalid URL: " + oneLine(location), e);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HubException(
                    from + ": redirect " + code + " to a " + (scheme.isEmpty() ? "scheme-less" : scheme + ":")
                            + " URL refused; only http and https are followed");
        }
        if (next.getHost() == null) {
            throw new HubException(from + ": redirect " + code + " to a URL without a host: " + oneLine(location));
        }
        return next;
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ');
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private void check(URI url, String repo, HttpResponse<InputStream> r) {
        int code = r.statusCode();
        if (code == 200 || code == 206) {
            return;
        }
        String error = errorCode(r);
        close(r);
        String page = config.endpoint() + "/" + repo;
        switch (code) {
            case 401 ->
                throw new HubException(
                        "RepoNotFound".equals(error)
                                ? repo + ": repository not found on " + config.endpoint()
                                        + " (or private: set HF_TOKEN)"
                                : url + ": 401 unauthorized: a private or gated model; accept the license on " + page
                                        + " and "
                                        + (config.token() == null ? "set HF_TOKEN" : "check that HF_TOKEN is valid"));
            case 403 ->
                throw new HubException(url + ": 403 forbidden: a gated model; accept the license on " + page
                        + (config.token() == null ? " and set HF_TOKEN" : " with the account HF_TOKEN belongs to"));
            case 404 ->
                throw new HubException(
                        "RevisionNotFound".equals(error)
                                ? repo + ": revision not found on " + config.endpoint() + " (check --revision)"
                                : "RepoNotFound".equals(error)
                                        ? repo + ": repository not found on " + config.endpoint()
                                        : url + ": not found (404): check the repo id, the file and --revision");
            case 416 ->
                throw new HubException(url + ": 416 range not satisfiable (the file is shorter than its header says)");
            default -> throw new HubException(url + ": HTTP " + code + " from " + host(url));
        }
    }

    private static String errorCode(HttpResponse<?> r) {
        return r.headers().firstValue("x-error-code").orElse("");
    }

    /**
     * Up to {@code max} bytes of the body. Each read waits at most the request timeout: the
     * HttpClient's own timeout ends when the headers arrive, so without this a server that sends
     * headers and then stalls would hang gpufit forever. The read runs on a daemon thread; on
     * timeout the stream is closed and that thread interrupted.
     */
    private byte[] readAtMost(URI url, HttpResponse<InputStream> r, long max) {
        int limit = (int) Math.min(max, Integer.MAX_VALUE - 8);
        InputStream in = r.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 1 << 16));
        byte[] buf = new byte[Math.max(1, Math.min(limit, 1 << 16))];
        long stall = config.requestTimeout().toNanos();
        try {
            while (out.size() < limit) {
                int want = Math.min(buf.length, limit - out.size());
                Future<Integer> f = BODY_READERS.submit(() -> in.read(buf, 0, want));
                int n;
                try {
                    n = f.get(stall, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw new HubException(url + ": the server stopped sending; nothing for "
                            + seconds(config.requestTimeout()) + " after " + out.size() + " bytes (slow or stuck hub; "
                            + "HF_ENDPOINT selects a mirror)");
                } catch (InterruptedException e) {
                    f.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new HubException("interrupted while fetching " + url, e);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw new HubException(url + ": the download broke off: " + (c == null ? e : c.getMessage()), c);
                }
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } finally {
            close(r);
        }
        return out.toByteArray();
    }

    private static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // the body is not needed
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme())
                && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    private static String host(URI u) {
        return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
