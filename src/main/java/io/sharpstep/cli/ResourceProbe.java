package io.sharpstep.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.sharpstep.raster.ScratchFiles;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what a run takes: the heap still in use after each garbage collection, the used heap's sampled peak,
 * the process's peak resident memory (VmHWM), and the scratch disk its files hold, sampled every 20 ms. The
 * after-collection figure is an upper bound of what the work keeps live: a young collection leaves the old
 * generation's garbage in place (a 100 MP latent-fixture job reads 1.75 GB here while class histograms taken
 * with a full collection show about 0.4 GB live). Whether a job fits a heap is shown by running it under that
 * -Xmx.
 */
final class ResourceProbe implements AutoCloseable {
    private final AtomicLong liveAfterGc = new AtomicLong();
    private final AtomicLong usedPeak = new AtomicLong();
    private final AtomicLong scratchPeak = new AtomicLong();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    ResourceProbe() {
        NotificationListener gc = (n, h) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) n.getUserData());
                long after = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed).sum();
                liveAfterGc.accumulateAndGet(after, Math::max);
            }
        };
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (b instanceof NotificationEmitter e) {
                e.addNotificationListener(gc, null, null);
                unsubscribe.add(() -> {
                    try {
                        e.removeNotificationListener(gc);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // Already gone.
                    }
                });
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                usedPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                        Math::max);
                scratchPeak.accumulateAndGet(ScratchFiles.bytesInUse(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "resource-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The most heap in use right after a collection (0 if none ran). */
    long afterGcHeapPeak() {
        return liveAfterGc.get();
    }

    /** The most heap in use at any sample, garbage included. */
    long usedHeapPeak() {
        return usedPeak.get();
    }

    long scratchPeak() {
        return scratchPeak.get();
    }

    /** The process's peak resident memory (Linux VmHWM), or -1 where unknown. */
    static long residentPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        unsubscribe.forEach(Runnable::run);
    }
}
