package io.sharpstep.install;

import java.util.HashMap;
import java.util.Map;

/** Turns an install's events into {@link InstallListener.Status} reports with speed and time left. */
final class Progress {
    private static final long MIN_INTERVAL = 100_000_000L;

    private final InstallListener listener;
    private final long total;
    private final Map<String, Long> onDisk = new HashMap<>();
    private final long startBytes;
    private InstallListener.Phase phase = InstallListener.Phase.VERIFY;
    private String text = "";
    private long done;
    private double speed;
    private long lastNs;
    private long lastBytes;
    private long lastReport;

    Progress(InstallPlan plan, InstallListener listener) {
        this.listener = listener;
        long t = 0;
        long d = 0;
        for (InstallPlan.Item i : plan.items()) {
            if (i.local() == null && !i.done()) {
                t += i.file().approxBytes();
                d += i.partBytes();
                onDisk.put(i.file().path(), i.partBytes());
            }
        }
        total = t;
        done = d;
        startBytes = d;
        lastBytes = d;
        lastNs = System.nanoTime();
    }

    InstallListener listener() {
        return listener;
    }

    void phase(InstallListener.Phase p, String what) {
        phase = p;
        text = what;
        report(p == InstallListener.Phase.CHECK ? -1 : 0, true);
    }

    /** Bytes of one file on disk so far. */
    void downloaded(Catalogue.SourceFile f, long fileDone, long fileTotal) {
        long before = onDisk.getOrDefault(f.path(), 0L);
        onDisk.put(f.path(), fileDone);
        done += fileDone - before;
        long now = System.nanoTime();
        double dt = (now - lastNs) / 1e9;
        if (dt >= 0.5) {
            double rate = Math.max(0, done - lastBytes) / dt;
            speed = speed == 0 ? rate : 0.7 * speed + 0.3 * rate; // smooth over the last few seconds
            lastNs = now;
            lastBytes = done;
        }
        report(total > 0 ? Math.min(1, (double) done / total) : -1, false);
    }

    void fileDone(Catalogue.SourceFile f) {
        report(total > 0 ? Math.min(1, (double) done / total) : 1, true);
    }

    void verified(long n) {
        report(-1, false);
    }

    void fraction(double f) {
        // the end of a step is always shown: a fast build may finish within one throttling interval
        report(f, f >= 1);
    }

    private void report(double fraction, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastReport < MIN_INTERVAL) {
            return;
        }
        lastReport = now;
        boolean downloading = phase == InstallListener.Phase.DOWNLOAD;
        double eta = downloading && speed > 0 ? Math.max(0, total - done) / speed : -1;
        listener.status(new InstallListener.Status(phase, text, fraction, done, total, downloading ? speed : 0, eta));
    }

    long downloadedThisRun() {
        return done - startBytes;
    }
}
