package io.sharpstep.install;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mirror on 127.0.0.1 serving a folder, with misbehaving variants under path prefixes: {@code /good/},
 * {@code /missing/} (404), {@code /redirect/} (302 to /good/), {@code /wrong/} (one byte flipped),
 * {@code /broken/} (the first response of each file stops half-way), {@code /slow/} (64 KB every 50 ms).
 * Range requests are honoured. Every request is recorded.
 */
public final class LocalMirror implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as the server saw it. */
    public record Request(String path, String range) {
    }

    private final HttpServer server;
    private final Path root;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> brokenOnce = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();

    public LocalMirror(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base(String mode) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + mode + "/");
    }

    public List<Request> requests() {
        return requests;
    }

    /** Serve {@code bytes} for a path instead of the file. */
    void override(String relPath, byte[] bytes) {
        overrides.put(relPath, bytes);
    }

    private void handle(HttpExchange ex) throws IOException {
        String full = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(new Request(full, range));
        String[] parts = full.substring(1).split("/", 2);
        String mode = parts[0];
        String rel = parts.length > 1 ? parts[1] : "";
        try (ex) {
            Path file = root.resolve(rel).normalize();
            if (mode.equals("missing") || !file.startsWith(root) || !(Files.isRegularFile(file) || overrides.containsKey(rel))) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (mode.equals("redirect")) {
                ex.getResponseHeaders().add("Location", "/good/" + rel);
                ex.sendResponseHeaders(302, -1);
                return;
            }
            byte[] data = overrides.containsKey(rel) ? overrides.get(rel) : Files.readAllBytes(file);
            if (mode.equals("wrong")) {
                data = data.clone();
                data[data.length / 2] ^= 0x55;
            }
            int start = 0;
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                start = Integer.parseInt(m.group(1));
                if (start >= data.length) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (data.length - 1) + "/"
                        + data.length);
                ex.sendResponseHeaders(206, data.length - start);
            } else {
                ex.sendResponseHeaders(200, data.length);
            }
            OutputStream out = ex.getResponseBody();
            int end = data.length;
            if (mode.equals("broken") && brokenOnce.add(rel)) {
                end = start + (data.length - start) / 2;
            }
            int step = mode.equals("slow") ? 65536 : 1 << 20;
            for (int at = start; at < end; at += step) {
                out.write(data, at, Math.min(step, end - at));
                out.flush();
                if (mode.equals("slow")) {
                    sleep(50);
                }
            }
            if (end < data.length) {
                // stop half-way: the client sees the connection end before Content-Length bytes
                ex.getHttpContext().getServer();
                throw new IOException("broken on purpose");
            }
        } catch (IOException e) {
            // a broken or aborted transfer: the exchange is closed
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
