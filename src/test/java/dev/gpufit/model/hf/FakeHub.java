package dev.gpufit.model.hf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for huggingface.co on 127.0.0.1 and an ephemeral port: serves
 * {@code /{org}/{name}/resolve/{revision}/{file}} from {@code root/org/name/revision/file}
 * (sparse files are fine: only the requested ranges are read), honours Range like the hub,
 * and can be told to misbehave (status codes, ignoring Range, stalling, redirecting).
 */
final class FakeHub implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final HttpServer server;
    private final Path root;
    /** Requests seen: "GET path range=... auth=...". */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Body bytes the server managed to write. */
    final AtomicLong bytesWritten = new AtomicLong();

    volatile int status; // answer every request with this status when non-zero
    volatile String errorCode; // X-Error-Code with that status
    volatile boolean ignoreRange; // answer 200 with the whole file
    volatile long delayMillis; // stall before answering
    volatile String requiredToken; // 401 unless "Authorization: Bearer <token>"
    volatile URI redirectTo; // 302 every resolve URL to this base (another origin)
    volatile long padBody; // with ignoreRange: stream this many extra bytes after the file
    volatile boolean stallBody; // send the headers and a few body bytes, then stall until close()
    volatile String location; // 302 every request to exactly this Location (when non-null)
    /** Opened by close(): a stalled handler stops waiting, so no thread outlives the test. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    FakeHub(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The same server under another origin ("localhost" instead of "127.0.0.1"). */
    URI otherOrigin() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** Where to put repo files: root/org/name/revision/. */
    Path repo(String repo, String revision) throws IOException {
        return Files.createDirectories(root.resolve(repo).resolve(revision));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String range = ex.getRequestHeaders().getFirst("Range");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String host = ex.getRequestHeaders().getFirst("Host");
            requests.add("GET " + ex.getRequestURI().getPath() + " host=" + host + " range=" + range + " auth=" + auth);
            if (delayMillis > 0) {
                sleep(delayMillis);
            }
            if (location != null) {
                ex.getResponseHeaders().add("Location", location);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (redirectTo != null && host != null && host.startsWith("127.0.0.1")) {
                ex.getResponseHeaders()
                        .add("Location", redirectTo + ex.getRequestURI().getPath());
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (status != 0) {
                if (errorCode != null) {
                    ex.getResponseHeaders().add("X-Error-Code", errorCode);
                }
                ex.sendResponseHeaders(status, -1);
                return;
            }
            if (requiredToken != null
                    && !("Bearer " + requiredToken).equals(auth)
                    && host != null
                    && host.startsWith("127.0.0.1")) {
                ex.getResponseHeaders().add("X-Error-Code", "GatedRepo");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            Path file =
                    m.matches() ? root.resolve(m.group(1)).resolve(m.group(2)).resolve(m.group(3)) : null;
            if (file == null || !Files.isRegularFile(file)) {
                ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            if (stallBody) {
                ex.sendResponseHeaders(200, size);
                ex.getResponseBody().write(new byte[] {'{'});
                ex.getResponseBody().flush();
                bytesWritten.incrementAndGet();
                stall(120_000);
                return;
            }
            Matcher r = range == null ? null : RANGE.matcher(range);
            if (r != null && r.matches() && !ignoreRange) {
                long start = Long.parseLong(r.group(1));
                long end = Math.min(Long.parseLong(r.group(2)), size - 1);
                if (start >= size) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + end + "/" + size);
                ex.sendResponseHeaders(206, end - start + 1);
                copy(file, start, end - start + 1, ex.getResponseBody());
                return;
            }
            ex.sendResponseHeaders(200, size + padBody);
            copy(file, 0, size, ex.getResponseBody());
            byte[] zeros = new byte[64 * 1024];
            for (long left = padBody; left > 0; left -= zeros.length) {
                ex.getResponseBody().write(zeros, 0, (int) Math.min(zeros.length, left));
                bytesWritten.addAndGet(Math.min(zeros.length, left));
            }
        } catch (IOException e) {
            // the client hung up early, which is what a bounded reader does
        }
    }

    private void copy(Path file, long start, long length, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(start);
            long left = length;
            while (left > 0) {
                int n = raf.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                bytesWritten.addAndGet(n);
                left -= n;
            }
        }
    }

    private void sleep(long ms) {
        stall(ms);
    }

    /** Waits ms, or until close(). */
    private void stall(long ms) {
        try {
            closed.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
