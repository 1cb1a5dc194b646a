package io.sharpstep.install;

import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Sizes;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an install will do, before it starts: per source role the file to use (one the user has, one already
 * downloaded, or one to download with its URLs and any kept part), the licences to accept, the disk space it
 * needs and where the pack will go.
 *
 * @param precision   fp16 or fp32 pack
 * @param items       one per role: unet, vae, text_encoder, osediff
 * @param licences    the licences of the files used
 * @param packBytes   the pack's size (weights and graphs), plus the text encoder's temporary copy
 * @param target      the pack folder it will become
 * @param installed   whether that folder already holds a pack
 */
public record InstallPlan(Precision precision, List<Item> items, List<Catalogue.Licence> licences, long packBytes,
                          Path target, boolean installed) {
    /**
     * One source file.
     *
     * @param file      its catalogue entry (for a local file: the variant it claims to be)
     * @param local     the user's own file, or null
     * @param target    where the download goes (or is), when not local
     * @param urls      where to download from, in order
     * @param partBytes bytes of a kept partial download
     * @param done      whether the download is already complete (still checked before use)
     */
    public record Item(Catalogue.SourceFile file, Path local, Path target, List<URI> urls, long partBytes,
                       boolean done) {
        /** Bytes still to download. */
        public long toDownload() {
            return local != null || done ? 0 : Math.max(0, file.approxBytes() - partBytes);
        }

        /** Where the bytes come from, for the user. */
        public String source() {
            if (local != null) {
                return "your file " + local;
            }
            if (done) {
                return "already downloaded";
            }
            return urls.isEmpty() ? "no source" : urls.get(0).getHost() + (urls.size() > 1 ? " (+" + (urls.size() - 1)
                    + " mirrors)" : "") + (partBytes > 0 ? ", resuming at " + Sizes.bytesFine(partBytes) : "");
        }
    }

    static final List<String> ROLES = List.of("unet", "vae", "text_encoder", "osediff");

    /** Bytes to download in all. */
    public long downloadBytes() {
        return items.stream().mapToLong(Item::toDownload).sum();
    }

    /** Whether anything is to be downloaded. */
    public boolean needsNetwork() {
        return downloadBytes() > 0;
    }

    static InstallPlan make(Catalogue catalogue, TemplateSet templates, Precision precision, List<Path> from,
                            List<URI> mirrors, Path modelsDir, Path downloads) throws IOException {
        Map<String, LocalFiles.Match> local = LocalFiles.match(catalogue, from, precision);
        List<Item> items = new ArrayList<>();
        Map<String, Catalogue.Licence> licences = new LinkedHashMap<>();
        for (String role : ROLES) {
            Catalogue.SourceFile wanted = catalogue.filesFor(precision).stream().filter(f -> f.role().equals(role))
                    .findFirst().orElseThrow(() -> new SharpStepException(SharpStepException.Kind.INTERNAL,
                            "The list of model sources has no " + role + " file."));
            LocalFiles.Match mine = local.get(role);
            Catalogue.SourceFile file = mine == null ? wanted : mine.file();
            Item item;
            if (mine != null) {
                item = new Item(file, mine.path(), null, List.of(), 0, false);
            } else {
                Path target = downloads.resolve(file.path());
                Path part = Downloader.partOf(target);
                item = new Item(file, null, target, file.urls(mirrors, catalogue.mirrors()),
                        Files.exists(part) ? Files.size(part) : 0, Files.isRegularFile(target));
            }
            items.add(item);
            catalogue.licences().stream().filter(l -> l.id().equals(item.file().licence())).findFirst()
                    .ifPresent(l -> licences.put(l.id(), l));
        }
        Path target = modelsDir.resolve(catalogue.packId() + "-" + precision.key());
        return new InstallPlan(precision, List.copyOf(items), List.copyOf(licences.values()),
                packBytes(templates, precision), target, Files.exists(target));
    }

    /** The weights of the pack's graphs plus the fp32 text encoder it runs once (exact, from the templates). */
    static long packBytes(TemplateSet templates, Precision precision) {
        long total = 0;
        for (String g : List.of("encoder", "unet", "decoder", "text_encoder")) {
            int size = g.equals("text_encoder") || precision == Precision.FP32 ? 4 : 2;
            for (TemplateSet.Binding b : templates.graph(g).bindings()) {
                long n = 1;
                for (long d : b.shape()) {
                    n *= d;
                }
                total += n * size;
            }
        }
        return total + (16L << 20);
    }

    /**
     * Checks the free space: downloads and pack together where they share a disk. DISK_FULL with one sentence.
     */
    void checkDisk(Path downloads) throws IOException {
        Path packParent = existingParent(target);
        Path dlParent = existingParent(downloads);
        FileStore packStore = Files.getFileStore(packParent);
        FileStore dlStore = Files.getFileStore(dlParent);
        long margin = 64L << 20;
        if (packStore.equals(dlStore)) {
            need(packStore, packParent, downloadBytes() + packBytes + margin);
        } else {
            need(dlStore, dlParent, downloadBytes() + margin);
            need(packStore, packParent, packBytes + margin);
        }
    }

    private static void need(FileStore store, Path where, long bytes) throws IOException {
        long free = store.getUsableSpace();
        if (free < bytes) {
            throw new SharpStepException(SharpStepException.Kind.DISK_FULL, "Not enough free disk space: "
                    + Sizes.bytesFine(bytes) + " are needed on the disk of " + where + ", "
                    + Sizes.bytesFine(free) + " are free.");
        }
    }

    private static Path existingParent(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q;
    }
}
