package io.sharpstep.install;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.Failures;
import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one catalogue file: its URLs in order (a mirror that answers with an error, offers the wrong size or
 * serves the wrong bytes is skipped for the next), into {@code <name>.part}, resumed with an HTTP Range request
 * when a part is there (also after a connection breaks, a few times per mirror), hashed while the bytes stream
 * in, and renamed into place only once it matches its pinned hash. The JDK HttpClient follows redirects (never
 * from https to http) and uses the system's proxy settings. Nothing else goes over the network.
 */
public final class Downloader {
    private static final System.Logger LOG = System.getLogger("io.sharpstep.install");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int RETRIES_PER_MIRROR = 3;

    /** Receives progress: bytes of the current file on disk so far (parts included), and its size if known. */
    public interface Listener {
        void bytes(Catalogue.SourceFile file, long done, long total);

        /** A mirror was skipped or a connection retried: one sentence for the log. */
        default void note(String message) {
        }
    }

    private final HttpClient client;
    private final Duration stall;

    public Downloader(HttpClient client, Duration stall) {
        this.client = client;
        this.stall = stall;
    }

    /**
     * The system proxy (ProxySelector.getDefault(), asked to read the operating system's settings unless
     * {@code java.net.useSystemProxies} was set), redirects followed, 30 s to connect, 60 s without bytes.
     */
    public static Downloader standard() {
        if (System.getProperty("java.net.useSystemProxies") == null) {
            // read when the default selector is first made; harmless where it already exists
            System.setProperty("java.net.useSystemProxies", "true");
        }
        HttpClient c = HttpClient.newBuilder().proxy(ProxySelector.getDefault())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        return new Downloader(c, Duration.ofSeconds(60));
    }

    /** The partial download of {@code target}. */
    public static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Fetches {@code f} to {@code target} (which must not exist yet). A kept {@code .part} is resumed.
     *
     * @throws SharpStepException NETWORK when no URL gave the right bytes, CANCELLED when cancelled
     */
    public void fetch(Catalogue.SourceFile f, List<URI> urls, Path target, CancelToken cancel, Listener listener)
            throws IOException {
        Files.createDirectories(target.getParent());
        Path part = partOf(target);
        List<String> failures = new ArrayList<>();
        for (URI url : urls) {
            for (int attempt = 1; attempt <= RETRIES_PER_MIRROR; attempt++) {
                cancel.check();
                Outcome o = attempt(f, url, part, cancel, listener);
                if (o == Outcome.DONE) {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                if (o instanceof Skip s) {
                    failures.add(url.getHost() + ": " + s.why());
                    listener.note("Skipped " + url + ": " + s.why() + ".");
                    break;
                }
                listener.note("The connection to " + url.getHost() + " broke; resuming " + f.fileName() + ".");
            }
        }
        throw new SharpStepException(SharpStepException.Kind.NETWORK, "Could not download " + f.path() + " from any of"
                + " its " + urls.size() + " sources (" + (failures.isEmpty() ? "connections kept breaking"
                : String.join("; ", failures.subList(Math.max(0, failures.size() - 3), failures.size()))) + ").");
    }

    private sealed interface Outcome permits Done, Retry, Skip {
        Outcome DONE = new Done();
        Outcome RETRY = new Retry();
    }

    private record Done() implements Outcome {
    }

    private record Retry() implements Outcome {
    }

    private record Skip(String why) implements Outcome {
    }

    private Outcome attempt(Catalogue.SourceFile f, URI url, Path part, CancelToken cancel, Listener listener)
            throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (f.bytes() >= 0 && have > f.bytes()) {
            Files.delete(part);
            have = 0;
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(url).GET().header("User-Agent", "SharpStep")
                .timeout(Duration.ofMinutes(2));
        if (have > 0) {
            rb.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (IOException e) {
            return new Skip("cannot connect (" + reason(e) + ")");
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            long start;
            long total;
            if (status == 206 && have > 0) {
                Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                    return new Skip("answered a resume with the wrong range");
                }
                start = have;
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            } else if (status == 200) {
                start = 0;
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            } else if (status == 416 && have > 0) {
                return completeOrRestart(f, part, cancel, listener);
            } else {
                return new Skip("answered HTTP " + status);
            }
            if (f.bytes() >= 0 && total >= 0 && total != f.bytes()) {
                return new Skip("offers " + total + " bytes where " + f.bytes() + " are expected");
            }
            long expected = f.bytes() >= 0 ? f.bytes() : total;
            MessageDigest md = f.sha256() != null ? FileHashes.sha256() : null;
            if (md != null && start > 0) {
                FileHashes.update(md, part, cancel, n -> { });
            }
            if (!stream(f, body, part, start, expected, md, cancel, listener)) {
                return Outcome.RETRY;
            }
            boolean ok = md != null ? HexFormat.of().formatHex(md.digest()).equals(f.sha256())
                    && (f.bytes() < 0 || Files.size(part) == f.bytes())
                    : FileHashes.matches(f, part, cancel, n -> { });
            if (ok) {
                return Outcome.DONE;
            }
        }
        Files.delete(part); // wrong bytes cannot be resumed
        return new Skip("served bytes that do not match the pinned " + f.hashKind());
    }

    /** A 416 on resume: the part may already be whole. */
    private Outcome completeOrRestart(Catalogue.SourceFile f, Path part, CancelToken cancel, Listener listener)
            throws IOException {
        if (FileHashes.matches(f, part, cancel, n -> { })) {
            return Outcome.DONE;
        }
        Files.delete(part);
        listener.note("The kept part of " + f.fileName() + " was wrong; starting again.");
        return Outcome.RETRY;
    }

    /**
     * Copies the body into the part from {@code start}, feeding {@code md} (SHA-256 streamed; git blob hashes
     * need the size first and are checked after); false when the connection broke (what arrived is kept).
     * A stalled connection is closed after the stall time; a cancel closes it at once.
     */
    private boolean stream(Catalogue.SourceFile f, InputStream body, Path part, long start, long expected,
                           MessageDigest md, CancelToken cancel, Listener listener) throws IOException {
        AtomicLong lastBytes = new AtomicLong(System.nanoTime());
        Runnable abort = () -> closeQuietly(body);
        cancel.onCancel(abort);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download-watchdog");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastBytes.get() > stall.toNanos()) {
                closeQuietly(body);
            }
        }, 1, 1, TimeUnit.SECONDS);
        long done = start;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                start == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
            byte[] buf = new byte[1 << 16];
            listener.bytes(f, done, expected);
            while (true) {
                int n;
                try {
                    n = body.read(buf);
                } catch (IOException e) {
                    cancel.check();
                    LOG.log(System.Logger.Level.INFO, "download of " + f.path() + " broke at " + done + ": " + reason(e));
                    return false;
                }
                cancel.check();
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                if (md != null) {
                    md.update(buf, 0, n);
                }
                done += n;
                lastBytes.set(System.nanoTime());
                listener.bytes(f, done, expected);
                if (expected >= 0 && done > expected) {
                    return false;
                }
            }
        } catch (IOException e) {
            if (Failures.isDiskFull(e)) {
                throw new SharpStepException(SharpStepException.Kind.DISK_FULL, "The disk is full: " + f.fileName()
                        + " could not be saved (the part is kept for later).", e);
            }
            throw e;
        } finally {
            check.cancel(false);
            watchdog.shutdownNow();
            cancel.remove(abort);
        }
        return expected < 0 || done == expected;
    }

    private static String reason(Throwable e) {
        return Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing to abort
        }
    }
}
